/* Hearth's own script. Pages work without it; it only keeps counts fresh.
   Every 30 s while the tab is visible it fires "hearth:poll" on <body>, which htmx elements
   listen for (hx-trigger="hearth:poll from:body"); polling pauses while the tab is hidden. */
(function () {
  "use strict";
  var every = 30000;
  var timer = null;
  function poll() { document.body.dispatchEvent(new CustomEvent("hearth:poll")); }
  function start() { if (timer === null) { timer = window.setInterval(poll, every); } }
  function stop() { if (timer !== null) { window.clearInterval(timer); timer = null; } }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { stop(); } else { poll(); start(); }
  });
  if (!document.hidden) { start(); }
})();
