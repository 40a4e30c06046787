/* A conversation's new messages, as they are sent. The page works without this script (a link
   checks for new messages) and with htmx alone (it asks every few seconds); with it, new
   messages arrive over the conversation's WebSocket (docs/chat-protocol.md, "Direct messages")
   and the page does not ask while the socket is open.

   No gap, no duplicate: the socket (re)connects with ?since=<highest message id on the page>,
   and a message already on the page is never added twice. When the socket keeps failing, the
   htmx poller is put back, from the highest id on the page, until the socket connects again. */
(function () {
  "use strict";

  var log = document.getElementById("dm-log");
  var list = document.getElementById("dm-messages");
  var poller = document.getElementById("dm-poller");
  if (!log || !list || !poller || !log.getAttribute("data-ws-path")) { return; }

  var PING_EVERY = 30000;
  var FAILURES_BEFORE_POLLING = 3;
  var wsPath = log.getAttribute("data-ws-path");
  var pollUrl = log.getAttribute("data-poll-url");
  var pollerHome = poller.parentNode;
  var pollerNext = poller.nextSibling;
  var pollerTemplate = poller.cloneNode(false);

  var socket = null;
  var failures = 0;
  var stopped = false;
  var retryTimer = null;
  var pingTimer = null;

  // The socket comes first: htmx finds no poller to start.
  poller.parentNode.removeChild(poller);
  poller = null;

  function idOf(el) {
    var found = /^message-(\d+)$/.exec(el.id || "");
    return found ? parseInt(found[1], 10) : 0;
  }

  function lastId() {
    var highest = 0;
    Array.prototype.forEach.call(list.children, function (li) { highest = Math.max(highest, idOf(li)); });
    return highest;
  }

  /* A message the polling added as well as the socket: the first one stays. */
  function dropRepeats() {
    var seen = {};
    Array.prototype.slice.call(list.children).forEach(function (li) {
      var id = idOf(li);
      if (!id) { return; }
      if (seen[id]) { list.removeChild(li); } else { seen[id] = true; }
    });
  }

  function addMessage(html) {
    var template = document.createElement("template");
    template.innerHTML = html; // markup the server rendered and escaped, never a member's raw text
    var li = template.content.querySelector("li[id^='message-']");
    if (!li || document.getElementById(li.id)) { return; }
    list.appendChild(li);
  }

  // --- polling, while the socket is down -------------------------------------------------------

  function startPolling() {
    if (poller || stopped) { return; }
    poller = pollerTemplate.cloneNode(false);
    poller.setAttribute("hx-get", pollUrl + "?since=" + lastId());
    pollerHome.insertBefore(poller, pollerNext && pollerNext.parentNode === pollerHome ? pollerNext : null);
    if (window.htmx) { window.htmx.process(poller); } // otherwise htmx finds it when it starts
  }

  function stopPolling() {
    // The poller replaces itself with each answer: the current one is found by its id.
    var current = document.getElementById("dm-poller");
    if (current) { current.parentNode.removeChild(current); }
    poller = null;
  }

  document.addEventListener("htmx:oobAfterSwap", dropRepeats);
  document.addEventListener("htmx:afterSwap", dropRepeats);

  // --- the socket ------------------------------------------------------------------------------

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
      current = new WebSocket(scheme + window.location.host + wsPath + "?since=" + lastId());
    } catch (error) {
      retry();
      return;
    }
    socket = current;
    current.onopen = function () {
      failures = 0;
      stopPolling();
      window.clearInterval(pingTimer);
      pingTimer = window.setInterval(function () {
        if (socket && socket.readyState === 1) { socket.send('{"type":"ping"}'); }
      }, PING_EVERY);
    };
    current.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame && frame.type === "message" && typeof frame.fragment === "string") { addMessage(frame.fragment); }
    };
    current.onclose = function (event) {
      if (socket === current) { socket = null; }
      window.clearInterval(pingTimer);
      if (event.code === 4404) { stop(); return; } // nothing more can arrive here
      if (stopped) { return; }
      retry();
    };
  }

  function retry() {
    failures += 1;
    if (failures >= FAILURES_BEFORE_POLLING) { startPolling(); }
    var delay = Math.min(30000, 1000 * Math.pow(2, failures - 1)) * (0.75 + Math.random() * 0.5);
    retryTimer = window.setTimeout(connect, delay);
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !stopped && !socket) { failures = Math.min(failures, 1); connect(); }
  });
  window.addEventListener("pagehide", function () { if (socket) { socket.close(1000); } });
  window.addEventListener("pageshow", function (event) { if (event.persisted && !stopped) { connect(); } });

  connect();
})();
