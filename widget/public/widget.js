/*
 * California health-plan help: the chat widget.
 *
 * Embed with one tag:  <script src="https://HOST/widget.js" data-server="https://RASA-HOST" defer></script>
 *
 * Talks to Rasa's REST channel (POST {server}/webhooks/rest/webhook) and renders its replies: text,
 * option buttons, the referral card (agency, tap-to-call link, TTY, web page, first step) and the case
 * summary card (the fields the server sends, with a button that copies the summary as text). Card
 * labels follow the card's language (English or Spanish).
 * Everything is built with DOM APIs and textContent, never innerHTML, so nothing a person or the
 * bot writes can run as HTML; links are made only from http(s) addresses and tel: numbers.
 * The conversation is kept in sessionStorage, so it survives a page reload but not closing the
 * tab (a shared computer should not keep someone's health problem). It lives in a shadow root so
 * the host page's styles and the widget's cannot disturb each other.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script) {
    return;
  }
  var SERVER = (script.getAttribute("data-server") || "http://localhost:5005").replace(/\/+$/, "");
  var TITLE = script.getAttribute("data-title") || "Health plan help";
  var STORE_KEY = "health-plan-help:" + SERVER;
  var UNREACHABLE = "Sorry, I can't reach the assistant right now. Please try again in a moment.";
  var LABELS = {
    en: { where: "Where to go", help: "Where to get help", alsoCall: "You can also call ", call: "Call ", site: "Website and form",
      first: "What to do first", summary: "Your case summary", copy: "Copy the summary", copied: "Copied",
      copyFailed: "Select the text above to copy it" },
    es: { where: "A dónde acudir", help: "Dónde pedir ayuda", alsoCall: "También puede llamar a ", call: "Llamar al ",
      site: "Sitio web y formulario", first: "Qué hacer primero", summary: "Resumen de su caso", copy: "Copiar el resumen",
      copied: "Copiado", copyFailed: "Seleccione el texto de arriba para copiarlo" },
  };

  function labels(language) {
    return LABELS[language] || LABELS.en;
  }

  function newSender() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return "web-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(STORE_KEY));
      if (saved && typeof saved.sender === "string" && Array.isArray(saved.items)) {
        return saved;
      }
    } catch (e) { /* storage blocked or corrupt: start fresh */ }
    return { sender: newSender(), open: false, items: [] };
  }

  var state = load();

  function save() {
    try {
      window.sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) { /* storage blocked: the chat still works, it is just not kept */ }
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) { node.append(child); });
    return node;
  }

  function srOnly(text) {
    return el("span", { "class": "sr-only" }, [text]);
  }

  function safeUrl(value) {
    try {
      var url = new URL(String(value));
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  /* tel:+18884662219 for 1-888-466-2219, tel:711 for 711; null for anything that is not a number. */
  function telHref(phone) {
    if (!/^\+?[\d\-(). ]+$/.test(phone)) {
      return null;
    }
    var digits = phone.replace(/\D/g, "");
    return digits.length === 11 && digits.charAt(0) === "1" ? "tel:+" + digits : "tel:" + digits;
  }

  function externalLink(href, text) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, [text, srOnly(" (opens in a new tab)")]);
  }

  /* Text with its web addresses as links; everything else stays text. */
  function appendText(node, text) {
    var pattern = /https?:\/\/[^\s<>"]+/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var address = match[0].replace(/[.,;:!?)]+$/, "");
      var href = safeUrl(address);
      node.append(text.slice(last, match.index));
      node.append(href ? externalLink(href, address) : address);
      last = match.index + address.length;
      pattern.lastIndex = last;
    }
    node.append(text.slice(last));
  }

  function capitalized(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  var cardCount = 0;

  function renderCard(card) {
    var id = "hpw-card-" + (cardCount += 1);
    var text = function (key) { return typeof card[key] === "string" ? card[key] : ""; };
    var say = labels(text("language"));
    var box = el("div", { "class": "card", role: "group", "aria-labelledby": id }, [
      el("p", { "class": "kicker" }, [say.where]),
      el("h3", { id: id }, [capitalized(text("agency_name") || text("short_name") || say.help)]),
    ]);
    var call = text("phone") && telHref(text("phone"));
    if (call) {
      if (text("phone_name") && text("phone_name") !== text("short_name")) {
        box.append(el("p", {}, [say.alsoCall + text("phone_name") + "."]));
      }
      box.append(el("p", {}, [el("a", { "class": "call", href: call }, [say.call + text("phone")])]));
    }
    var tty = text("tty") && telHref(text("tty"));
    if (tty) {
      box.append(el("p", {}, ["TTY: ", el("a", { href: tty }, [text("tty")])]));
    }
    var site = safeUrl(text("website"));
    if (site) {
      box.append(el("p", {}, [externalLink(site, say.site)]));
    }
    if (text("first_step")) {
      box.append(el("h4", {}, [say.first]), el("p", {}, [text("first_step")]));
    }
    return box;
  }

  /* Copy with the Clipboard API; where it is not allowed, ask the person to select the text. */
  function copyText(text, button, say) {
    var done = function (ok) {
      button.textContent = ok ? say.copied : say.copyFailed;
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
    } else {
      done(false);
    }
  }

  function renderSummary(summary) {
    var id = "hpw-card-" + (cardCount += 1);
    var say = labels(summary.language);
    var list = el("dl", {});
    summary.fields.forEach(function (field) {
      list.append(el("dt", {}, [field.label]), el("dd", {}, [field.value]));
    });
    var copy = el("button", { type: "button", "class": "copy" }, [say.copy]);
    copy.addEventListener("click", function () { copyText(summary.text, copy, say); });
    return el("div", { "class": "card summary", role: "group", "aria-labelledby": id }, [
      el("p", { "class": "kicker" }, [say.summary]),
      el("h3", { id: id }, [summary.title]),
      list,
      el("p", { role: "status", "class": "copy-row" }, [copy]),
    ]);
  }

  /* The case summary card if it is well formed: a title, the text to copy, label/value fields. */
  function summaryFrom(custom) {
    var summary = custom && custom.case_summary;
    if (!summary || typeof summary.title !== "string" || typeof summary.text !== "string" || !Array.isArray(summary.fields)) {
      return null;
    }
    return {
      title: summary.title,
      text: summary.text,
      language: typeof summary.language === "string" ? summary.language : "en",
      fields: summary.fields.filter(function (f) { return f && typeof f.label === "string" && typeof f.value === "string"; })
        .map(function (f) { return { label: f.label, value: f.value }; }),
    };
  }

  /* The letter to the plan (custom.draft_letter): copy it, or download it as a text file. */
  var LETTER_LABELS = {
    en: { copy: "Copy the letter", download: "Download the letter (text)", file: "letter-to-my-plan.txt" },
    es: { copy: "Copiar la carta", download: "Descargar la carta (texto)", file: "carta-a-mi-plan.txt" },
  };

  function draftFrom(custom) {
    var draft = custom && custom.draft_letter;
    if (!draft || typeof draft.letter !== "string") {
      return null;
    }
    var english = typeof draft.english === "string" ? draft.english : "";
    return { text: english ? draft.letter + "\n\n----------\n\n" + english : draft.letter,
      language: draft.language === "es" ? "es" : "en" };
  }

  function renderDraft(draft) {
    var say = LETTER_LABELS[draft.language];
    var copy = el("button", { type: "button", "class": "copy" }, [say.copy]);
    copy.addEventListener("click", function () { copyText(draft.text, copy, labels(draft.language)); });
    var download = el("a", { "class": "download", download: say.file,
      href: URL.createObjectURL(new Blob([draft.text], { type: "text/plain;charset=utf-8" })) }, [say.download]);
    return el("p", { role: "status", "class": "draft-actions" }, [copy, " ", download]);
  }

  /* A Rasa REST reply as a history item, keeping only well-formed fields. */
  function fromRasa(message) {
    var custom = message && typeof message.custom === "object" ? message.custom : null;
    var buttons = Array.isArray(message && message.buttons) ? message.buttons : [];
    return {
      who: "bot",
      text: typeof message.text === "string" ? message.text : "",
      buttons: buttons.filter(function (b) { return b && typeof b.title === "string" && typeof b.payload === "string"; })
        .map(function (b) { return { title: b.title, payload: b.payload }; }),
      card: custom && custom.referral && typeof custom.referral === "object" ? custom.referral : null,
      summary: summaryFrom(custom),
      draft: draftFrom(custom),
    };
  }

  /* ---- the DOM ---- */
  var host = el("div", { "class": "health-plan-help-widget" });
  var root = host.attachShadow({ mode: "open" });
  var stylesheet = el("link", { rel: "stylesheet", href: new URL("widget.css", script.src).href });
  var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "hpw-panel" },
    [el("span", { "class": "launcher-icon", "aria-hidden": "true" }, ["?"]), TITLE]);
  var restart = el("button", { type: "button", "class": "secondary" }, ["Start over"]);
  var close = el("button", { type: "button", "class": "secondary" }, ["Close", srOnly(" chat")]);
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var typing = el("p", { "class": "typing", role: "status" });
  var input = el("input", { id: "hpw-input", type: "text", autocomplete: "off", maxlength: "500", enterkeyhint: "send" });
  /* A photo or PDF of the plan's letter (read by the server, never kept): at most 10 MB. */
  var MAX_LETTER_BYTES = 10 * 1024 * 1024;
  var letterInput = el("input", { id: "hpw-letter", type: "file", "class": "letter-file", accept: "image/jpeg,image/png,application/pdf" });
  var form = el("form", { "class": "compose" }, [
    el("label", { "for": "hpw-input" }, ["Your message"]),
    el("div", { "class": "row" }, [input, el("button", { type: "submit", "class": "primary" }, ["Send"])]),
    letterInput,
    el("label", { "for": "hpw-letter", "class": "letter-label" }, ["Send a photo or PDF of the letter"]),
  ]);
  var panel = el("section", { id: "hpw-panel", "class": "panel", "aria-labelledby": "hpw-title", hidden: "" }, [
    el("div", { "class": "head" }, [el("h2", { id: "hpw-title" }, [TITLE]), restart, close]),
    el("p", { "class": "note" }, ["An automated assistant. Please don't share your name or member ID."]),
    log,
    typing,
    form,
  ]);
  root.append(stylesheet, launcher, panel);

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderOptions(buttons) {
    var group = el("div", { "class": "options", role: "group", "aria-label": "Choose an answer" });
    buttons.forEach(function (button) {
      var choice = el("button", { type: "button" }, [button.title]);
      choice.addEventListener("click", function () {
        send(button.payload, button.title);
        input.focus();
      });
      group.append(choice);
    });
    return group;
  }

  function renderItem(item, current) {
    if (item.summary) {
      log.append(renderSummary(item.summary));  // the card shows the summary's text as its fields
    } else if (item.text) {
      var bubble = el("div", { "class": "msg " + item.who }, [srOnly(item.who === "user" ? "You said: " : "Assistant: ")]);
      if (item.who === "bot") {
        appendText(bubble, item.text);
      } else {
        bubble.append(item.text);
      }
      log.append(bubble);
    }
    if (item.card) {
      log.append(renderCard(item.card));
    }
    if (item.draft) {
      log.append(renderDraft(item.draft));
    }
    if (current && item.buttons && item.buttons.length) {
      log.append(renderOptions(item.buttons));
    }
  }

  /* Options are offered only in the latest bot turn (after the person's latest message). */
  function renderAll() {
    log.textContent = "";
    var lastUser = -1;
    state.items.forEach(function (item, i) { if (item.who === "user") { lastUser = i; } });
    state.items.forEach(function (item, i) { renderItem(item, i > lastUser); });
    scrollToEnd();
  }

  function add(item) {
    if (!item.text && !item.card && !item.summary && !item.draft && !(item.buttons && item.buttons.length)) {
      return;
    }
    if (item.who === "user") {
      Array.prototype.forEach.call(log.querySelectorAll(".options"), function (group) { group.remove(); });
    }
    state.items.push(item);
    save();
    renderItem(item, true);
    scrollToEnd();
  }

  var pending = 0;

  function setBusy(delta) {
    pending += delta;
    log.setAttribute("aria-busy", pending > 0 ? "true" : "false");
    typing.textContent = "";
    if (pending > 0) {
      typing.append("The assistant is typing", el("span", { "class": "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
    }
  }

  var queue = Promise.resolve();

  /* Send one message; `shown` is what the person sees they said (null for the silent /greet);
     `attachment` is a letter {name, content_type, data: base64}. */
  function send(message, shown, attachment) {
    if (shown) {
      add({ who: "user", text: shown });
    }
    var sender = state.sender;
    queue = queue.then(function () {
      setBusy(1);
      return window.fetch(SERVER + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(attachment ? { sender: sender, message: message, attachment: attachment } : { sender: sender, message: message }),
      }).then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      }).then(function (messages) {
        if (sender === state.sender) {
          (Array.isArray(messages) ? messages : []).forEach(function (m) { add(fromRasa(m)); });
        }
      }).catch(function () {
        add({ who: "bot", text: UNREACHABLE });
      }).then(function () {
        setBusy(-1);
      });
    });
  }

  function open(focus) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    scrollToEnd();
    if (focus) {
      input.focus();
    }
    if (!state.items.length) {
      send("/greet", null);
    }
  }

  function shut() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }

  launcher.addEventListener("click", function () { open(true); });
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      shut();
    }
  });
  restart.addEventListener("click", function () {
    state = { sender: newSender(), open: true, items: [] };
    save();
    renderAll();
    input.focus();
    send("/greet", null);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (text) {
      input.value = "";
      send(text, text);
    }
  });

  letterInput.addEventListener("change", function () {
    var file = letterInput.files && letterInput.files[0];
    letterInput.value = "";
    if (!file) {
      return;
    }
    if (file.size > MAX_LETTER_BYTES) {
      add({ who: "bot", text: "That file is too big (the limit is 10 MB). A photo of each page works." });
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var data = String(reader.result).split(",")[1] || "";
      send("", "(letter: " + file.name + ")", { name: file.name, content_type: file.type, data: data });
    };
    reader.readAsDataURL(file);
  });

  function mount() {
    renderAll();
    document.body.append(host);
    if (state.open) {
      open(false);
    }
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
}());
