"""Serve the chat widget (widget.js, widget.css) and its demo page, for `make run` and the browser tests.

Python's standard library is enough for a few static files, and the widget has no build step.
The demo page gets the Rasa server's URL written into its script tag, and a strict
Content-Security-Policy: scripts and styles from this server only, requests to the Rasa server only.
Nothing a person types passes through this server (the widget talks to Rasa directly), and it
logs no requests.
"""

import argparse
import html
import signal
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

PUBLIC = Path(__file__).resolve().parent / "public"
DEMO = PUBLIC / "index.html"


class WidgetHandler(SimpleHTTPRequestHandler):
    """Static files from public/ (no directory listings), the demo page at / with the URLs filled in."""

    def __init__(self, *args: Any, server_url: str, widget_url: str, **kwargs: Any) -> None:
        self.server_url, self.widget_url = server_url, widget_url
        super().__init__(*args, directory=str(PUBLIC), **kwargs)

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self.send_demo()
        elif path.endswith("/"):
            self.send_error(404)
        else:
            super().do_GET()

    def send_demo(self) -> None:
        page = DEMO.read_text(encoding="utf-8")
        page = page.replace("{{server}}", html.escape(self.server_url)).replace(
            "{{widget}}", html.escape(self.widget_url)
        )
        body = page.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header(
            "Content-Security-Policy",
            (
                f"default-src 'none'; script-src 'self'; style-src 'self'; connect-src {self.server_url}; "
                "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            ),
        )
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the requests are for a few static files."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--server", default="http://localhost:5005", help="the Rasa server the widget talks to")
    args = parser.parse_args()
    # Started in the background by scripts/run.sh, this process inherits SIGINT ignored (a shell's
    # background job); Ctrl-C in `make run` must stop it like the other servers (probe2: it stayed on 8080).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    widget_url = f"http://{'localhost' if args.host in ('127.0.0.1', 'localhost') else args.host}:{args.port}"
    handler = partial(WidgetHandler, server_url=args.server.rstrip("/"), widget_url=widget_url)
    with ThreadingHTTPServer((args.host, args.port), handler) as httpd:
        print(f"Chat widget demo: {widget_url}/", flush=True)
        print(
            f'Embed: <script src="{widget_url}/widget.js" data-server="{args.server.rstrip("/")}" defer></script>',
            flush=True,
        )
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
