#!/usr/bin/env bash
# Install Debian's Tesseract OCR with English and Spanish data, once, for reading denial letters
# sent as photos or scanned PDFs (bot/letter/). pytesseract (requirements.txt) calls this binary.
set -euo pipefail
if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx spa; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa
