/* The live room, made live. The page works without this script (a form to post, a refresh for
   new messages); with it, messages, topics, the pinned message, slow mode and who is here arrive
   over the room's WebSocket as they happen (docs/chat-protocol.md).

   No gap, no duplicate: every message carries its number (data-seq); the socket (re)connects
   with ?since=<highest number on the page>, and a number already on the page is never added
   twice. When the socket keeps failing, the page asks for new messages every 3 seconds instead,
   and goes back to the socket as soon as it connects. */
(function () {
  "use strict";

  var root = document.getElementById("chat-room");
  if (!root) { return; }
  var state = root.getAttribute("data-state");

  if (state === "upcoming") {
    // Open the room by itself at the start time, if that is within a few hours.
    var wait = Date.parse(root.getAttribute("data-starts-at")) - Date.now();
    if (wait > 0 && wait < 6 * 3600 * 1000) {
      window.setTimeout(function () { window.location.reload(); }, wait + 2000);
    }
    return;
  }
  if (root.getAttribute("data-live") !== "1") { return; }

  var POLL_EVERY = 3000;
  var PING_EVERY = 30000;
  var ACK_WAIT = 10000;
  var FAILURES_BEFORE_POLLING = 3;

  var wsPath = root.getAttribute("data-ws-path");
  var messagesUrl = root.getAttribute("data-messages-url");
  var transcriptUrl = root.getAttribute("data-transcript-url");
  var memberUrl = root.getAttribute("data-member-url");
  var maxLength = parseInt(root.getAttribute("data-max-length"), 10) || 2000;

  var list = document.getElementById("chat-messages");
  var log = document.getElementById("chat-log");
  var empty = document.getElementById("chat-empty");
  var announcer = document.getElementById("chat-announcer");
  var connection = document.getElementById("chat-connection");
  var form = document.getElementById("chat-form");
  var textarea = document.getElementById("chat-body");
  var sendButton = document.getElementById("chat-send");
  var errorBox = document.getElementById("chat-form-error");
  var pageClientId = form && form.elements.client_id ? form.elements.client_id.value : "page";

  var socket = null;
  var failures = 0;
  var wasDown = false;
  var stopped = false;
  var polling = false;
  var pollTimer = null;
  var retryTimer = null;
  var pingTimer = null;
  var ackTimer = null;
  var pending = null; // {id, key}: the message sent and not yet confirmed
  var idCount = 0;
  var formClosed = false;
  var topicChosen = false; // the member picked a topic themselves: new topics do not move it

  root.classList.add("is-live");
  Array.prototype.forEach.call(root.querySelectorAll(".chat-js-only"), function (el) { el.hidden = false; });

  // --- small helpers -------------------------------------------------------------------------

  function make(tag, text, className) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) { el.textContent = text; }
    if (className) { el.className = className; }
    return el;
  }

  function parse(html) {
    var template = document.createElement("template");
    template.innerHTML = html; // markup the server rendered and escaped, never a member's raw text
    return template.content;
  }

  function announce(text) {
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 100);
  }

  function setConnection(text, trouble) {
    if (!connection) { return; }
    connection.hidden = false;
    connection.textContent = text;
    connection.classList.toggle("is-trouble", !!trouble);
  }

  function seqOf(el) { return parseInt(el.getAttribute("data-seq"), 10) || 0; }

  function highestSeq() {
    var last = list ? list.lastElementChild : null;
    while (last && !last.hasAttribute("data-seq")) { last = last.previousElementSibling; }
    return last ? seqOf(last) : 0;
  }

  function nearBottom() { return !log || log.scrollHeight - log.scrollTop - log.clientHeight < 80; }
  function toBottom() { if (log) { log.scrollTop = log.scrollHeight; } }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") { return window.crypto.randomUUID(); }
    idCount += 1;
    return (pageClientId + "-" + idCount + "-" + Date.now()).slice(0, 64);
  }

  // --- messages ------------------------------------------------------------------------------

  /* Put a message <li> in its place by number. A number already on the page is left alone,
     unless `replace` (a message shown again). */
  function placeMessage(li, replace) {
    if (!list) { return false; }
    var seq = seqOf(li);
    if (!seq) { return false; }
    var existing = document.getElementById("m" + seq);
    if (existing) {
      if (replace) { existing.parentNode.replaceChild(li, existing); }
      return false;
    }
    var follow = nearBottom();
    var before = list.lastElementChild;
    while (before && seqOf(before) > seq) { before = before.previousElementSibling; }
    list.insertBefore(li, before ? before.nextSibling : list.firstChild);
    if (empty) { empty.hidden = true; }
    if (follow) { toBottom(); }
    return true;
  }

  /* A message sent to the whole room carries a Report link; not for its author, nor a visitor. */
  function fitReportLink(li) {
    var viewer = root.getAttribute("data-viewer") || "";
    var link = li.querySelector(".chat-message__report");
    if (link && (!viewer || viewer === li.getAttribute("data-author"))) { link.parentNode.removeChild(link); }
  }

  function placeFragment(html, replace) {
    var found = parse(html).querySelector("li[data-seq]");
    if (found) { fitReportLink(found); placeMessage(found, replace); }
  }

  function markHidden(seq) {
    var li = document.getElementById("m" + seq);
    if (li && !li.classList.contains("chat-message--hidden")) {
      li.classList.add("chat-message--hidden");
      while (li.firstChild) { li.removeChild(li.firstChild); }
      li.appendChild(make("p", "Message " + seq + " was hidden by a host.", "chat-message__hidden"));
    }
    var pinned = document.getElementById("chat-pinned");
    if (pinned && pinned.getAttribute("data-seq") === String(seq)) { setPinned(null, null); }
  }

  // --- topics --------------------------------------------------------------------------------

  function topicSelect() { return document.getElementById("chat-topic"); }

  function ensureTopicSelect() {
    var select = topicSelect();
    if (select || !form || !textarea) { return select; }
    var field = make("div", null, "field chat-topic-field");
    var label = make("label", "Answer to");
    label.setAttribute("for", "chat-topic");
    select = document.createElement("select");
    select.name = "topic";
    select.id = "chat-topic";
    select.addEventListener("change", function () { topicChosen = true; });
    field.appendChild(label);
    field.appendChild(select);
    var bodyField = textarea.closest(".field");
    form.insertBefore(field, bodyField);
    return select;
  }

  function addTopicOption(number, label, title) {
    var select = ensureTopicSelect();
    if (!select) { return; }
    var text = label + ": " + (title.length > 60 ? title.slice(0, 59) + "…" : title);
    var option = select.querySelector('option[value="' + number + '"]');
    if (option) { option.textContent = text; return; }
    option = make("option", text);
    option.value = String(number);
    var after = null;
    Array.prototype.forEach.call(select.options, function (o) { if (parseInt(o.value, 10) < number) { after = o; } });
    select.insertBefore(option, after ? after.nextSibling : select.firstChild);
    if (formClosed) { select.disabled = true; }
  }

  function topicItem(number) {
    var listEl = document.getElementById("chat-topic-list");
    return listEl ? listEl.querySelector('li[data-number="' + number + '"]') : null;
  }

  function applyTopic(topic) {
    var section = document.getElementById("chat-topics");
    var listEl = document.getElementById("chat-topic-list");
    if (!section) { return; }
    if (!listEl) {
      listEl = make("ol", null, "chat-topic-list");
      listEl.id = "chat-topic-list";
      var none = document.getElementById("chat-no-topics");
      if (none) { none.parentNode.removeChild(none); }
      section.appendChild(listEl);
    }
    var li = topicItem(topic.number);
    if (!li) {
      li = make("li", null, "chat-topic");
      li.setAttribute("data-number", topic.number);
      li.appendChild(make("strong", topic.label));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(make("span", "", "chat-topic__title"));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(make("span", "", "chat-topic__note"));
      var after = null;
      Array.prototype.forEach.call(listEl.children, function (item) {
        if (parseInt(item.getAttribute("data-number"), 10) < topic.number) { after = item; }
      });
      listEl.insertBefore(li, after ? after.nextSibling : listEl.firstChild);
    }
    li.setAttribute("data-title", topic.title);
    li.setAttribute("data-released", "1");
    li.classList.add("is-released");
    var title = li.querySelector(".chat-topic__title");
    if (title) { title.textContent = topic.title; }
    addTopicOption(topic.number, topic.label, topic.title);
  }

  function setCurrentTopic(number) {
    var listEl = document.getElementById("chat-topic-list");
    if (listEl) {
      Array.prototype.forEach.call(listEl.children, function (li) {
        var current = parseInt(li.getAttribute("data-number"), 10) === number;
        li.classList.toggle("is-current", current);
        if (current) { li.setAttribute("aria-current", "true"); } else { li.removeAttribute("aria-current"); }
        var note = li.querySelector(".chat-topic__note");
        if (!note) { return; }
        while (note.firstChild) { note.removeChild(note.firstChild); }
        if (current) { note.appendChild(make("span", "Now", "pill")); }
        else if (li.getAttribute("data-released") !== "1") { note.appendChild(make("span", "(to come)", "muted")); }
      });
    }
    var select = topicSelect();
    if (select && number && !topicChosen) { select.value = String(number); }
  }

  function currentTopicNumber() {
    var li = document.querySelector("#chat-topic-list li.is-current");
    return li ? parseInt(li.getAttribute("data-number"), 10) : null;
  }

  // --- pinned, slow mode, state, presence ----------------------------------------------------

  function setPinned(seq, text) {
    var box = document.getElementById("chat-pinned");
    if (!box) { return; }
    box.setAttribute("data-seq", seq ? String(seq) : "");
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!seq) { box.hidden = true; return; }
    if (text === null || text === undefined) {
      var body = document.querySelector("#m" + seq + " .chat-message__body");
      text = body ? body.textContent.trim() : "Message " + seq;
    }
    if (text.length > 280) { text = text.slice(0, 279) + "…"; }
    var p = make("p");
    p.appendChild(make("strong", "Pinned:"));
    p.appendChild(document.createTextNode(" "));
    var link = make("a", text);
    link.href = "#m" + seq;
    p.appendChild(link);
    box.appendChild(p);
    box.hidden = false;
  }

  function setSlowMode(seconds) {
    var slow = document.getElementById("chat-slow");
    if (slow) { slow.textContent = seconds ? "Slow mode: one message every " + seconds + " seconds each." : ""; }
  }

  function closeForm(reason, withTranscript) {
    formClosed = true;
    if (!form) { return; }
    Array.prototype.forEach.call(form.querySelectorAll("textarea, select, button"), function (el) { el.disabled = true; });
    var note = document.getElementById("chat-form-note");
    if (!note) {
      note = make("p", null, "alert");
      note.id = "chat-form-note";
      note.setAttribute("role", "status");
      form.parentNode.insertBefore(note, form);
    }
    note.textContent = reason + " ";
    if (withTranscript && transcriptUrl) {
      var link = make("a", "Read the transcript");
      link.href = transcriptUrl;
      note.appendChild(link);
    }
  }

  function applyState(newState, slowSeconds) {
    setSlowMode(newState === "live" ? slowSeconds : 0);
    if (newState === state) { return; }
    state = newState;
    root.setAttribute("data-state", newState);
    if (newState === "ended" || newState === "cancelled") {
      var text = newState === "ended" ? "This chat has ended." : "This chat was cancelled.";
      closeForm(text, newState === "ended");
      announce(text);
      setConnection(text, false);
      stop();
    }
  }

  function applyPresence(frame) {
    var count = document.getElementById("chat-count");
    var people = document.getElementById("chat-people");
    if (count) {
      count.textContent = frame.count + (frame.count === 1 ? " person" : " people") + " here" +
        (frame.lurkers ? ", " + frame.lurkers + " of them reading without being listed" : "") + ".";
    }
    if (people) {
      while (people.firstChild) { people.removeChild(people.firstChild); }
      frame.listed.forEach(function (person) {
        var li = make("li");
        var link = make("a", person.name);
        link.href = memberUrl.replace("__handle__", encodeURIComponent(person.handle));
        li.appendChild(link);
        people.appendChild(li);
      });
    }
  }

  function setLurking(on) {
    var lurkForm = document.getElementById("chat-lurk-form");
    if (!lurkForm) { return; }
    var button = lurkForm.querySelector('button[name="lurk"]');
    var note = document.getElementById("chat-lurk-note");
    if (button) {
      button.value = on ? "off" : "on";
      button.textContent = on ? "Be listed" : "Lurk";
    }
    if (note) { note.textContent = on ? "You are lurking: reading without being listed." : "You are listed."; }
  }

  // --- the private crisis panel (a "crisis" frame: only the author's own socket gets one) ------

  function telLink(resource) {
    var link = make("a", resource.number);
    link.href = "tel:" + String(resource.number).replace(/[^0-9+]/g, "");
    return link;
  }

  function resourceItem(resource) {
    var li = make("li");
    li.appendChild(make("strong", resource.kind === "emergency" ? "Emergency services" : resource.name));
    li.appendChild(document.createTextNode(": "));
    li.appendChild(telLink(resource));
    if (resource.note) { li.appendChild(make("span", " " + resource.note, "muted")); }
    return li;
  }

  /* Calm, like the page's own panel (safety/_crisis_panel.html): a region with a heading that
     takes focus, announced politely, with a way to close it. Built from text, never markup. */
  function showCrisis(frame) {
    var old = document.getElementById("chat-crisis-panel");
    if (old) { old.parentNode.removeChild(old); }
    var resources = frame.resources || [];
    var lines = resources.filter(function (r) { return r.kind === "crisis_line"; });
    var numbers = resources.filter(function (r) { return r.kind === "emergency"; });
    var panel = make("section", null, "alert alert-success crisis-panel");
    panel.id = "chat-crisis-panel";
    panel.setAttribute("aria-labelledby", "chat-crisis-heading");
    panel.tabIndex = -1;
    var status = make("div");
    status.setAttribute("role", "status");
    var heading;
    var items = make("ul", null, "plain-list");
    if (frame.kind === "self_harm") {
      heading = make("h2", "You are not alone");
      status.appendChild(heading);
      status.appendChild(make("p", "It sounds like things are really hard right now. Your message is posted, and only you can see this."));
      status.appendChild(make("p", "If you are thinking about ending your life or hurting yourself, please talk to someone now:"));
      (lines.length ? lines : numbers).forEach(function (r) { items.appendChild(resourceItem(r)); });
      status.appendChild(items);
      if (lines.length && numbers.length) {
        status.appendChild(make("p", "If you are in danger right now, call " + numbers.map(function (r) { return r.number; }).join(" or ") + "."));
      }
      status.appendChild(make("p", "You are not alone, and you don't have to carry this by yourself."));
    } else {
      heading = make("h2", "If this is happening now, call " + (numbers.length === 1 ? numbers[0].number : "your local emergency number") + " now");
      status.appendChild(heading);
      status.appendChild(make("p", "Chest pain, trouble breathing, signs of a stroke or a severe allergic reaction need help straight away. Please don't wait for replies here."));
      numbers.forEach(function (r) { items.appendChild(resourceItem(r)); });
      status.appendChild(items);
      status.appendChild(make("p", "If it is not an emergency, call your doctor today. Your message is posted; only you can see this."));
    }
    heading.id = "chat-crisis-heading";
    panel.appendChild(status);
    var close = make("button", "Close this message", "link-button");
    close.type = "button";
    close.addEventListener("click", function () {
      panel.parentNode.removeChild(panel);
      if (textarea) { textarea.focus(); }
    });
    panel.appendChild(close);
    if (form && form.parentNode) { form.parentNode.insertBefore(panel, form); } else { root.insertBefore(panel, root.firstChild); }
    panel.focus();
  }

  // --- the post form ---------------------------------------------------------------------------

  function showError(text) {
    if (errorBox) { errorBox.textContent = text; }
    if (textarea) { textarea.setAttribute("aria-invalid", "true"); }
  }

  function clearError() {
    if (errorBox) { errorBox.textContent = ""; }
    if (textarea) { textarea.removeAttribute("aria-invalid"); }
  }

  function setBusy(busy) {
    if (!form) { return; }
    if (busy) { form.setAttribute("aria-busy", "true"); } else { form.removeAttribute("aria-busy"); }
    if (sendButton && !formClosed) { sendButton.disabled = busy; }
    if (!busy) { window.clearTimeout(ackTimer); }
  }

  function socketOpen() { return socket !== null && socket.readyState === 1; }

  if (form && textarea) {
    form.addEventListener("submit", function (event) {
      if (!socketOpen() || formClosed) { return; } // the form posts as it does without JavaScript
      event.preventDefault();
      var body = textarea.value.replace(/\r\n/g, "\n");
      if (!body.trim()) { showError("Write something before sending."); textarea.focus(); return; }
      if (body.length > maxLength) {
        showError("A message has at most " + maxLength.toLocaleString("en") + " characters (this one has " +
          body.length.toLocaleString("en") + ").");
        return;
      }
      var select = topicSelect();
      var topic = select && select.value ? parseInt(select.value, 10) : null;
      var key = topic + "\n" + body;
      if (!pending || pending.key !== key) { pending = { id: newId(), key: key }; } // the same id again is never posted twice
      socket.send(JSON.stringify({ type: "message", body: body, topic: topic, client_id: pending.id }));
      setBusy(true);
      ackTimer = window.setTimeout(function () {
        if (pending) {
          setBusy(false);
          showError("No confirmation yet. If your message does not appear, send it again: it will not be posted twice.");
        }
      }, ACK_WAIT);
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else if (sendButton) { sendButton.click(); }
      }
    });
    var select = topicSelect();
    if (select) { select.addEventListener("change", function () { topicChosen = true; }); }
  }

  // Lurk or be listed without leaving the page (the form posts normally when the socket is down).
  root.addEventListener("submit", function (event) {
    var lurkForm = event.target;
    if (!lurkForm || lurkForm.id !== "chat-lurk-form" || !socketOpen()) { return; }
    event.preventDefault();
    var button = lurkForm.querySelector('button[name="lurk"]');
    var on = !button || button.value === "on";
    socket.send(JSON.stringify({ type: "lurk", on: on }));
    setLurking(on);
    announce(on ? "You are lurking: reading without being listed." : "You are listed.");
  });

  // --- frames from the room ------------------------------------------------------------------

  function onFrame(frame) {
    switch (frame.type) {
      case "hello":
        applyState(frame.state, frame.slow_mode_seconds);
        (frame.topics || []).forEach(applyTopic);
        setCurrentTopic(frame.current_topic);
        (frame.hidden || []).forEach(markHidden);
        setPinned(frame.pinned, null);
        if (frame.you) {
          if (!frame.you.can_post && frame.you.why_not && frame.state === "live") { closeForm(frame.you.why_not, false); }
          setLurking(!!frame.you.lurking);
        }
        break;
      case "message":
        placeFragment(frame.fragment, false);
        break;
      case "shown":
        placeFragment(frame.fragment, true);
        break;
      case "hidden":
        markHidden(frame.seq);
        break;
      case "topic": {
        var known = topicItem(frame.number);
        var wasReleased = known && known.getAttribute("data-released") === "1";
        applyTopic(frame);
        setCurrentTopic(frame.number);
        announce((wasReleased ? "Back to " : "New topic, ") + frame.label + ": " + frame.title);
        break;
      }
      case "pinned":
        setPinned(frame.seq, frame.text);
        if (frame.seq) { announce("A message is pinned."); }
        break;
      case "state":
        applyState(frame.state, frame.slow_mode_seconds);
        if (frame.pinned !== undefined) {
          var box = document.getElementById("chat-pinned");
          if (box && box.getAttribute("data-seq") !== (frame.pinned ? String(frame.pinned) : "")) { setPinned(frame.pinned, null); }
        }
        break;
      case "presence":
        applyPresence(frame);
        break;
      case "ack":
        if (pending && frame.client_id === pending.id) {
          pending = null;
          setBusy(false);
          clearError();
          if (textarea) { textarea.value = ""; }
          topicChosen = false;
          setCurrentTopic(currentTopicNumber());
          toBottom();
        }
        break;
      case "error": {
        if (pending && frame.client_id === pending.id) { setBusy(false); }
        var text = frame.detail || "Something went wrong.";
        if (frame.retry_after && text.indexOf(frame.retry_after + " s") < 0) {
          text += " Try again in " + frame.retry_after + " seconds.";
        }
        showError(text);
        if (frame.code === "closed" || frame.code === "muted") { closeForm(frame.detail, state === "ended"); }
        break;
      }
      case "crisis":
        showCrisis(frame);
        break;
      case "muted":
        closeForm(frame.detail, false);
        announce(frame.detail);
        break;
      case "pong":
        if (typeof frame.seq === "number" && frame.seq > highestSeq() && socketOpen()) {
          socket.send(JSON.stringify({ type: "resume", since: highestSeq() }));
        }
        break;
      default:
        break; // frames added later are ignored by older pages
    }
  }

  // --- the socket, and polling when it fails ---------------------------------------------------

  function stop() {
    stopped = true;
    stopPolling();
    window.clearTimeout(retryTimer);
    window.clearInterval(pingTimer);
    if (socket) { socket.close(1000); }
  }

  function connect() {
    window.clearTimeout(retryTimer);
    if (stopped || socket) { return; }
    if (!("WebSocket" in window)) { startPolling(); return; }
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var current;
    try {
      current = new WebSocket(scheme + window.location.host + wsPath + "?since=" + highestSeq());
    } catch (error) {
      retry();
      return;
    }
    socket = current;
    current.onopen = function () {
      failures = 0;
      stopPolling();
      setConnection("Live: new messages appear as they are sent.", false);
      if (wasDown) { announce("Reconnected. No message was missed."); }
      wasDown = false;
      window.clearInterval(pingTimer);
      pingTimer = window.setInterval(function () {
        if (socketOpen()) { socket.send('{"type":"ping"}'); }
      }, PING_EVERY);
    };
    current.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame && typeof frame.type === "string") { onFrame(frame); }
    };
    current.onclose = function (event) {
      if (socket === current) { socket = null; }
      window.clearInterval(pingTimer);
      if (pending) {
        setBusy(false);
        showError("The connection dropped before your message was confirmed. Send it again: it will not be posted twice.");
      }
      if (event.code === 4404) {
        stopped = true;
        stopPolling();
        closeForm("This chat is not available to you any more.", false);
        setConnection("This chat is not available to you any more.", true);
        return;
      }
      if (event.code === 4403) {
        stopped = true;
        stopPolling();
        closeForm("A host muted you for the rest of this chat.", false);
        setConnection("Live updates stopped because a host muted you. Refresh the page to read new messages.", true);
        return;
      }
      if (stopped) { return; }
      retry();
    };
  }

  function retry() {
    if (!wasDown) { announce("Connection lost. Reconnecting…"); }
    wasDown = true;
    failures += 1;
    if (failures >= FAILURES_BEFORE_POLLING) { startPolling(); }
    setConnection(polling ? "No live connection: checking for new messages every 3 seconds." : "Connection lost. Reconnecting…", true);
    var delay = Math.min(30000, 1000 * Math.pow(2, failures - 1)) * (0.75 + Math.random() * 0.5);
    retryTimer = window.setTimeout(connect, delay);
  }

  function startPolling() {
    if (polling || stopped) { return; }
    polling = true;
    schedulePoll(0);
  }

  function stopPolling() {
    polling = false;
    window.clearTimeout(pollTimer);
  }

  function schedulePoll(delay) {
    window.clearTimeout(pollTimer);
    pollTimer = window.setTimeout(poll, delay);
  }

  function poll() {
    if (!polling) { return; }
    if (document.hidden) { schedulePoll(POLL_EVERY); return; }
    var url = messagesUrl + "?since=" + highestSeq() + "&parts=1";
    window.fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true", "Accept": "text/html" } })
      .then(function (response) {
        if (response.status === 404) {
          stop();
          closeForm("This chat is not available to you any more.", false);
          return "";
        }
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) { if (html) { applyPoll(html); } })
      .catch(function () { setConnection("Cannot reach the server just now. Trying again…", true); })
      .then(function () { if (polling) { schedulePoll(POLL_EVERY); } });
  }

  /* A polling answer: new messages, then the parts of the page around them (state, pinned,
     topics, who is here), each replacing the part with its id. */
  function applyPoll(html) {
    var fragment = parse(html);
    var topicBefore = currentTopicNumber();
    Array.prototype.forEach.call(fragment.querySelectorAll("li[data-seq]"), function (li) { placeMessage(li, false); });
    Array.prototype.forEach.call(fragment.querySelectorAll("[data-part][id]"), function (part) {
      var here = document.getElementById(part.id);
      if (!here || here.contains(document.activeElement)) { return; } // keep the keyboard where it is
      here.parentNode.replaceChild(part, here);
    });
    var stateEl = document.getElementById("chat-state");
    if (!stateEl) { return; }
    (stateEl.getAttribute("data-hidden") || "").split(" ").forEach(function (seq) { if (seq) { markHidden(seq); } });
    Array.prototype.forEach.call(document.querySelectorAll("#chat-topic-list li[data-released='1']"), function (li) {
      var number = parseInt(li.getAttribute("data-number"), 10);
      addTopicOption(number, "T" + number, li.getAttribute("data-title") || "");
    });
    var topicNow = currentTopicNumber();
    if (topicNow && topicNow !== topicBefore) {
      setCurrentTopic(topicNow);
      var li = topicItem(topicNow);
      announce("Topic T" + topicNow + ": " + (li ? li.getAttribute("data-title") : ""));
    }
    var newState = stateEl.getAttribute("data-state");
    applyState(newState, parseInt(stateEl.getAttribute("data-slow"), 10) || 0);
    if (newState === "live" && stateEl.getAttribute("data-can-post") === "0" && stateEl.getAttribute("data-why-not")) {
      closeForm(stateEl.getAttribute("data-why-not"), false);
    }
    if (polling) { setConnection("No live connection: checking for new messages every 3 seconds.", true); }
  }

  // --- start ---------------------------------------------------------------------------------

  var target = window.location.hash && /^#m\d+$/.test(window.location.hash) ? document.getElementById(window.location.hash.slice(1)) : null;
  if (target) { target.scrollIntoView({ block: "center" }); } else { toBottom(); }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !stopped && !socket) { failures = Math.min(failures, 1); connect(); }
  });
  window.addEventListener("pagehide", function () { if (socket) { socket.close(1000); } });

  connect();
})();
