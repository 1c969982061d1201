// CMIJ glue: the little the browser must do that htmx does not. No build step.
(function () {
  "use strict";

  // Close codes (DESIGN.md): 4012 restart and 4013 try again later mean "come back";
  // 4008 means "stay away" (kicked, logged out, code closed). htmx's ws extension reconnects
  // by itself only after 1006, 1011, 1012 and 1013, so we reconnect on ours.
  var COME_BACK = [4012, 4013];
  var STAY_AWAY = 4008;
  var retries = 0;

  function setState(element, state) {
    element.setAttribute("data-live-state", state);
    element.querySelectorAll("[data-when]").forEach(function (text) {
      text.hidden = text.getAttribute("data-when") !== state;
    });
  }

  document.addEventListener("htmx:wsOpen", function (event) {
    retries = 0;
    setState(event.target, "open");
  });

  document.addEventListener("htmx:wsClose", function (event) {
    var code = event.detail.event.code;
    if (code === STAY_AWAY) {
      setState(event.target, "refused");
      return;
    }
    setState(event.target, "closed");
    if (COME_BACK.indexOf(code) >= 0) {
      var delay = Math.min(30000, 500 * Math.pow(2, retries)) * (0.5 + Math.random() / 2);
      retries += 1;
      window.setTimeout(function () { event.detail.socketWrapper.reconnect(); }, delay);
    }
  });
})();
