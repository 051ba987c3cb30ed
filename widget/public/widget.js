/*
 * California health-plan help: the chat widget.
 *
 * Embed with one tag:  <script src="https://HOST/widget.js" data-server="https://RASA-HOST" defer></script>
 *
 * Talks to Rasa's REST channel (POST {server}/webhooks/rest/webhook) and renders its replies: text,
 * option buttons, the referral card (agency, tap-to-call link, TTY, web page, first step) and the case
 * summary card (the fields the server sends, with a button that copies the summary as text, and one
 * that downloads it as a printable page) and the deadlines card (a button that downloads the dates
 * as a calendar file). Both files are made here, on the person's device: nothing is stored on the
 * server. The widget's own words (frame, buttons, errors) follow the conversation's language,
 * which every reply carries (English or Spanish); before the first reply, the page's language.
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
  var STORE_KEY = "health-plan-help:" + SERVER;
  var LABELS = {
    en: { where: "Where to go", help: "Where to get help", alsoCall: "You can also call ", call: "Call ", site: "Website and form",
      first: "What to do first", summary: "Your case summary", copy: "Copy the summary", copied: "Copied",
      copyFailed: "Select the text above to copy it", print: "Download a page to print or save",
      deadlines: "Your deadlines", calendar: "Add the dates to my calendar (.ics)",
      title: "Health plan help", startOver: "Start over", close: "Close", chat: " chat", conversation: "Conversation",
      typing: "The assistant is typing", yourMessage: "Your message", placeholder: "Type here", send: "Send", letter: "Add a photo or PDF of your letter", choose: "Choose an answer",
      note: "An automated assistant. Please don't share your name or member ID.", youSaid: "You said: ",
      assistant: "Assistant: ", newTab: " (opens in a new tab)",
      unreachable: "Sorry, I can't reach the assistant right now. Please try again in a moment." },
    es: { where: "A dónde acudir", help: "Dónde pedir ayuda", alsoCall: "También puede llamar a ", call: "Llamar al ",
      site: "Sitio web y formulario", first: "Qué hacer primero", summary: "Resumen de su caso", copy: "Copiar el resumen",
      copied: "Copiado", copyFailed: "Seleccione el texto de arriba para copiarlo",
      print: "Descargar una página para imprimir o guardar", deadlines: "Sus plazos",
      calendar: "Agregar las fechas a mi calendario (.ics)",
      title: "Ayuda con su plan de salud", startOver: "Empezar de nuevo", close: "Cerrar", chat: " el chat",
      conversation: "Conversación", typing: "El asistente está escribiendo", yourMessage: "Su mensaje",
      placeholder: "Escriba aquí", send: "Enviar", letter: "Adjuntar una foto o PDF de la carta",
      choose: "Elija una respuesta", note: "Un asistente automático. Por favor, no comparta su nombre ni su número de miembro.",
      youSaid: "Usted dijo: ", assistant: "Asistente: ", newTab: " (se abre en otra pestaña)",
      unreachable: "Perdón, no puedo comunicarme con el asistente ahora. Intente de nuevo en un momento." },
  };

  function labels(language) {
    return LABELS[language] || LABELS.en;
  }

  /* Before any reply: the embedding page's language (<html lang="es">, or data-lang on the tag). */
  function pageLanguage() {
    var lang = (script.getAttribute("data-lang") || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
    return LABELS[lang] ? lang : "en";
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
  var language = LABELS[state.language] ? state.language : pageLanguage();
  var TITLE = script.getAttribute("data-title");

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
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, [text, srOnly(labels(language).newTab)]);
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

  /* A file made here, on the device, saved through the browser's download (never sent anywhere). */
  function download(name, type, content) {
    var url = URL.createObjectURL(new Blob([content], { type: type }));
    var link = el("a", { href: url, download: name });
    root.append(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* ---- the calendar file (RFC 5545): one all-day event a date ---- */
  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  }

  /* Lines of at most 75 octets, continued with a space (RFC 5545, 3.1). */
  function icsFold(line) {
    var out = [];
    var current = "";
    var octets = 0;
    Array.from(line).forEach(function (ch) {
      var size = new TextEncoder().encode(ch).length;
      if (octets + size > (out.length ? 74 : 75)) {
        out.push(current);
        current = "";
        octets = 0;
      }
      current += ch;
      octets += size;
    });
    out.push(current);
    return out.join("\r\n ");
  }

  function icsDate(iso) {
    return iso.replace(/-/g, "");
  }

  function nextDay(iso) {
    var day = new Date(iso + "T00:00:00Z");
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  }

  function calendar(deadlines) {
    var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//California health-plan help//widget//EN", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH"];
    deadlines.events.forEach(function (event, n) {
      lines.push("BEGIN:VEVENT", "UID:" + newSender() + "-" + n + "@health-plan-help", "DTSTAMP:" + stamp,
        "DTSTART;VALUE=DATE:" + icsDate(event.date), "DTEND;VALUE=DATE:" + icsDate(nextDay(event.date)),
        "SUMMARY:" + icsText(event.title), "TRANSP:TRANSPARENT", "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(icsFold).join("\r\n") + "\r\n";
  }

  /* The deadlines card if it is well formed: ISO dates and a title for each. */
  function deadlinesFrom(custom) {
    var d = custom && custom.deadlines;
    if (!d || !Array.isArray(d.events)) {
      return null;
    }
    var iso = /^\d{4}-\d{2}-\d{2}$/;
    var events = d.events.filter(function (e) { return e && iso.test(e.date) && typeof e.title === "string"; })
      .map(function (e) { return { date: e.date, title: e.title }; });
    if (typeof d.letter_date === "string" && iso.test(d.letter_date) && typeof d.letter_title === "string") {
      events.unshift({ date: d.letter_date, title: d.letter_title });
    }
    return events.length ? { language: typeof d.language === "string" ? d.language : "en", events: events } : null;
  }

  function renderDeadlines(deadlines) {
    var say = labels(deadlines.language);
    var button = el("button", { type: "button", "class": "copy" }, [say.calendar]);
    button.addEventListener("click", function () { download("deadlines.ics", "text/calendar", calendar(deadlines)); });
    return el("div", { "class": "card deadlines", role: "group", "aria-label": say.deadlines }, [el("p", {}, [button])]);
  }

  /* ---- the summary as a page to print or save as PDF ---- */
  function printable(summary) {
    var say = labels(summary.language);
    var doc = document.implementation.createHTMLDocument(say.summary);
    doc.documentElement.lang = summary.language;
    var style = doc.createElement("style");
    style.textContent = "body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#111}" +
      "dt{font-weight:700;margin-top:.8em}dd{margin:0}@media print{body{margin:0}}";
    doc.head.append(style);
    var meta = doc.createElement("meta");
    meta.setAttribute("charset", "utf-8");
    doc.head.prepend(meta);
    var heading = doc.createElement("h1");
    heading.textContent = summary.title;
    var list = doc.createElement("dl");
    summary.fields.forEach(function (field) {
      var term = doc.createElement("dt");
      term.textContent = field.label;
      var value = doc.createElement("dd");
      value.textContent = field.value;
      list.append(term, value);
    });
    doc.body.append(heading, list);
    return "<!doctype html>\n" + doc.documentElement.outerHTML;
  }

  function renderCard(card, shownText) {
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
    if (text("first_step") && (shownText || "").indexOf(text("first_step")) < 0) {
      box.append(el("h4", {}, [say.first]), el("p", {}, [text("first_step")]));  // not said just above
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
    var print = el("button", { type: "button", "class": "copy" }, [say.print]);
    print.addEventListener("click", function () { download("case-summary.html", "text/html", printable(summary)); });
    return el("div", { "class": "card summary", role: "group", "aria-labelledby": id }, [
      el("p", { "class": "kicker" }, [say.summary]),
      el("h3", { id: id }, [summary.title]),
      list,
      el("p", { role: "status", "class": "copy-row" }, [copy]),
      el("p", { "class": "copy-row" }, [print]),
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
    var card = custom && custom.referral && typeof custom.referral === "object" ? custom.referral : null;
    var said = typeof message.language === "string" ? message.language : card && card.language;
    return {
      who: "bot",
      language: LABELS[said] ? said : null,
      text: typeof message.text === "string" ? message.text : "",
      buttons: buttons.filter(function (b) { return b && typeof b.title === "string" && typeof b.payload === "string"; })
        .map(function (b) { return { title: b.title, payload: b.payload }; }),
      card: card,
      summary: summaryFrom(custom),
      deadlines: deadlinesFrom(custom),
      draft: draftFrom(custom),
    };
  }

  /* ---- the DOM ---- */
  var host = el("div", { "class": "health-plan-help-widget" });
  var root = host.attachShadow({ mode: "open" });
  var stylesheet = el("link", { rel: "stylesheet", href: new URL("widget.css", script.src).href });
  var launcherText = el("span", {});
  var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "hpw-panel" },
    [el("span", { "class": "launcher-icon", "aria-hidden": "true" }, ["?"]), launcherText]);
  var restart = el("button", { type: "button", "class": "secondary" });
  var close = el("button", { type: "button", "class": "secondary" });
  var log = el("div", { "class": "log", role: "log", "aria-live": "polite", tabindex: "0" });
  var typing = el("p", { "class": "typing", role: "status" });
  var input = el("input", { id: "hpw-input", type: "text", autocomplete: "off", maxlength: "500", enterkeyhint: "send" });
  var inputLabel = el("label", { "for": "hpw-input" });
  var sendButton = el("button", { type: "submit", "class": "primary" });
  /* A photo or PDF of the plan's letter (read by the server, never kept): at most 10 MB. */
  var MAX_LETTER_BYTES = 10 * 1024 * 1024;
  var letterInput = el("input", { id: "hpw-letter", type: "file", "class": "letter-file", accept: "image/jpeg,image/png,application/pdf" });
  var letterLabel = el("label", { "for": "hpw-letter", "class": "letter-label" });
  var form = el("form", { "class": "compose" }, [inputLabel, el("div", { "class": "row" }, [input, sendButton]), letterInput, letterLabel]);
  var heading = el("h2", { id: "hpw-title" });
  var note = el("p", { "class": "note" });
  var panel = el("section", { id: "hpw-panel", "class": "panel", "aria-labelledby": "hpw-title", hidden: "" }, [
    el("div", { "class": "head" }, [heading, restart, close]),
    note,
    log,
    typing,
    form,
  ]);
  root.append(stylesheet, launcher, panel);

  /* The widget's own words, in the conversation's language. */
  function applyLanguage(lang) {
    language = LABELS[lang] ? lang : language;
    var say = labels(language);
    host.setAttribute("lang", language);
    launcherText.textContent = TITLE || say.title;
    heading.textContent = TITLE || say.title;
    restart.textContent = say.startOver;
    close.textContent = "";
    close.append(say.close, srOnly(say.chat));
    log.setAttribute("aria-label", say.conversation);
    inputLabel.textContent = say.yourMessage;
    input.setAttribute("placeholder", say.placeholder);
    sendButton.textContent = say.send;
    letterLabel.textContent = say.letter;
    note.textContent = say.note;
    Array.prototype.forEach.call(log.querySelectorAll(".options"), function (group) { group.setAttribute("aria-label", say.choose); });
    if (pending > 0) {
      setBusy(0);
    }
  }

  function scrollToEnd() {
    log.scrollTop = log.scrollHeight;
  }

  function renderOptions(buttons) {
    var group = el("div", { "class": "options", role: "group", "aria-label": labels(language).choose });
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

  var lastText = "";

  /* Show one history item; returns its first node (to scroll a new answer into view from its start). */
  function renderItem(item, current) {
    var first = null;
    var show = function (node) {
      first = first || node;
      log.append(node);
    };
    var say = labels(item.language || language);
    if (item.summary) {
      show(renderSummary(item.summary));  // the card shows the summary's text as its fields
    } else if (item.text) {
      var bubble = el("div", { "class": "msg " + item.who }, [srOnly(item.who === "user" ? say.youSaid : say.assistant)]);
      if (item.who === "bot") {
        appendText(bubble, item.text);
      } else {
        bubble.append(item.text);
      }
      show(bubble);
    }
    if (item.card) {
      show(renderCard(item.card, item.caption || lastText));
    }
    if (item.deadlines) {
      show(renderDeadlines(item.deadlines));
    }
    if (item.draft) {
      log.append(renderDraft(item.draft));
    }
    if (current && item.buttons && item.buttons.length) {
      show(renderOptions(item.buttons));
    }
    lastText = item.text || "";
    return first;
  }

  /* Options are offered only in the latest bot turn (after the person's latest message). */
  function renderAll() {
    log.textContent = "";
    lastText = "";
    var lastUser = -1;
    state.items.forEach(function (item, i) { if (item.who === "user") { lastUser = i; } });
    state.items.forEach(function (item, i) { renderItem(item, i > lastUser); });
    scrollToEnd();
  }

  /* Add one item; returns its first node, or null if there was nothing to show. */
  function add(item) {
    if (item.language && item.language !== language) {
      applyLanguage(item.language);
      state.language = language;
    }
    if (!item.text && !item.card && !item.summary && !item.deadlines && !item.draft && !(item.buttons && item.buttons.length)) {
      save();
      return null;
    }
    if (item.who === "user") {
      Array.prototype.forEach.call(log.querySelectorAll(".options"), function (group) { group.remove(); });
    }
    state.items.push(item);
    save();
    var first = renderItem(item, true);
    scrollToEnd();
    return first;
  }

  /* A new answer is read from its start: scroll so its first message is at the top of the log. */
  function showFrom(node) {
    if (node) {
      log.scrollTop += node.getBoundingClientRect().top - log.getBoundingClientRect().top - 4;
    }
  }

  var pending = 0;

  function setBusy(delta) {
    pending += delta;
    log.setAttribute("aria-busy", pending > 0 ? "true" : "false");
    typing.textContent = "";
    if (pending > 0) {
      typing.append(labels(language).typing, el("span", { "class": "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]));
    }
  }

  /* The order to show one turn in: a referral card before the text that comes with it (on a phone
     the call button shows first; the card then leaves out the first step the text says), and a
     summary's text only as its card. */
  function arrange(items) {
    var out = [];
    items.forEach(function (item, i) {
      if (!item) {
        return;  // a card already shown ahead of its text
      }
      var next = items[i + 1];
      var plain = item.text && !item.buttons.length && !item.card && !item.summary && !item.deadlines;
      if (plain && next && next.summary && next.summary.text === item.text) {
        out.push({ who: "bot", language: item.language, text: "" });  // keeps the language, shows nothing
      } else if (plain && next && next.card && !next.text) {
        next.caption = item.text;
        out.push(next, item);
        items[i + 1] = null;
      } else {
        out.push(item);
      }
    });
    return out;
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
          var list = Array.isArray(messages) ? messages : [];
          var first = null;
          arrange(list.map(fromRasa)).forEach(function (item) {
            var node = add(item);
            first = first || node;
          });
          showFrom(first);
          if (list.some(function (m) { return m && m.custom && m.custom.conversation_deleted === true; })) {
            forgetHere();
          }
        }
      }).catch(function () {
        add({ who: "bot", text: labels(language).unreachable });
      }).then(function () {
        setBusy(-1);
      });
    });
  }

  /* "Delete my conversation" was done on the server: forget the transcript in this tab too (what
     is on screen stays until the tab is closed or reloaded; the next message starts afresh). */
  function forgetHere() {
    try {
      window.sessionStorage.removeItem(STORE_KEY);
    } catch (e) { /* storage blocked: nothing was kept */ }
    state = { sender: newSender(), open: true, items: [], language: language };
  }

  /* "Start over" deletes the old conversation on the server too (its replies are not shown). */
  function forgetOnServer(sender) {
    queue = queue.then(function () {
      return window.fetch(SERVER + "/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sender, message: "/delete_conversation" }),
      }).catch(function () { /* the retention purge removes it later */ });
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
    if (state.items.length) {
      forgetOnServer(state.sender);
    }
    state = { sender: newSender(), open: true, items: [], language: language };
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
    applyLanguage(language);
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
