// CMIJ glue: the little the browser must do that htmx does not. No build step, no HTML built here.
(function () {
  "use strict";

  // --- Close codes (DESIGN.md) -------------------------------------------------------------------
  // 4012 restart and 4013 try again later mean "come back"; 4008 means "stay away" (kicked, logged
  // out, code closed). htmx's ws extension reconnects by itself only after 1006, 1011, 1012 and
  // 1013, so we reconnect on ours.
  var COME_BACK = [4012, 4013];
  var STAY_AWAY = 4008;
  var retries = 0;
  var sockets = new Map(); // socket element -> htmx's socket wrapper
  // htmx's own backoff after a lost connection is full jitter up to 64 s; a meeting cannot wait
  // that long, so at most 8 s (still spread, so a room does not come back all at once).
  if (window.htmx) {
    htmx.config.wsReconnectDelay = function (retryCount) {
      return Math.min(8000, 1000 * Math.pow(2, Math.min(retryCount, 6))) * Math.random();
    };
  }

  function setState(element, state) {
    element.setAttribute("data-live-state", state);
    element.querySelectorAll(":scope > [data-when]").forEach(function (text) {
      text.hidden = text.getAttribute("data-when") !== state;
    });
  }

  // --- Boards: seq, gaps, resume ------------------------------------------------------------------
  var MARKER = /^<div id="board-(\d+)-seq" data-board="\d+" data-seq="(\d+)" data-prev="(\d*)"( data-snapshot="1")?/;
  var resuming = {};

  function boardOf(socketElement) {
    var id = socketElement.getAttribute("data-board");
    return id ? Number(id) : null;
  }

  function appliedSeq(board) {
    var marker = document.getElementById("board-" + board + "-seq");
    return marker ? Number(marker.getAttribute("data-seq")) : 0;
  }

  function send(wrapper, message) {
    message.HEADERS = {};
    wrapper.send(JSON.stringify(message));
  }

  // `force` on open: a new socket always asks; a gap asks at most every few seconds.
  function resume(socketElement, force) {
    var board = boardOf(socketElement);
    var wrapper = sockets.get(socketElement);
    if (board === null || !wrapper) return;
    var now = Date.now();
    if (!force && resuming[board] && now - resuming[board] < 3000) return;
    resuming[board] = now;
    send(wrapper, { action: "resume", seq: appliedSeq(board) });
  }

  function ack() {
    sockets.forEach(function (wrapper, element) {
      var board = boardOf(element);
      if (board !== null && element.getAttribute("data-live-state") === "open") {
        send(wrapper, { action: "ack", seq: appliedSeq(board) });
      }
    });
  }

  // A pushed idea may be new to this page, or belong in another column now: make sure the element
  // it replaces exists in the right container before htmx swaps it in by id. Returns the ids of
  // the elements it had to create: what is new to this page.
  function ensureTargets(html) {
    var created = [];
    var template = document.createElement("template");
    template.innerHTML = html;
    Array.prototype.forEach.call(template.content.children, function (child) {
      var container = child.getAttribute("data-container");
      if (!child.id || !container) return;
      var target = document.getElementById(container);
      var existing = document.getElementById(child.id);
      if (!target) return;
      if (!existing) {
        existing = document.createElement(child.tagName);
        existing.id = child.id;
        target.appendChild(existing);
        created.push(child.id);
      } else if (existing.parentElement !== target) {
        target.appendChild(existing);
      }
    });
    return created;
  }

  // --- One polite voice (#announcer in base.html) for what arrives by itself ----------------------
  // The columns and the feed are no live regions: they would read every card in full. Arrivals are
  // counted instead: the first waits a few quiet seconds, later ones join its message, and the next
  // message comes no sooner than GAP after the last, so twenty ideas in a minute make a few
  // messages, not twenty. The page's own ideas (its my-state lists them) are no news to it.
  var QUIET = 3000;
  var GAP = 20000;
  var arrived = { ideas: [], callouts: 0, bell: false };
  var arrivalTimer = null;
  var arrivalSaid = -GAP;
  var bellSaid = null; // the bell's count last said, or shown when the page loaded
  var saying = [];

  function phrase(key, count) {
    var region = document.getElementById("announcer");
    var text = region && region.getAttribute("data-" + key + (count === undefined ? "" : count === 1 ? "-one" : "-many"));
    return text ? text.replace("__COUNT__", String(count)) : "";
  }

  function say(text) {
    var region = document.getElementById("announcer");
    if (!region || !text) return;
    if (!saying.length) {
      region.textContent = ""; // emptied first, so the same words again are heard again
      window.setTimeout(function () { region.textContent = saying.join(" "); saying = []; }, 100);
    }
    saying.push(text);
  }

  function noteArrival(kind, id) {
    if (kind === "idea") arrived.ideas.push(id);
    if (kind === "callout") arrived.callouts += 1;
    if (kind === "bell") arrived.bell = true;
    if (arrivalTimer === null) {
      arrivalTimer = window.setTimeout(sayArrivals, Math.max(QUIET, arrivalSaid + GAP - Date.now()));
    }
  }

  function sayArrivals() {
    arrivalTimer = null;
    if (document.querySelector(".idea-form.htmx-request")) {
      // The answer to my own post tells which of these ideas are mine: wait for it.
      arrivalTimer = window.setTimeout(sayArrivals, 1000);
      return;
    }
    var own = [];
    document.querySelectorAll(".my-state[data-own]").forEach(function (state) {
      own = own.concat(state.getAttribute("data-own").split(" "));
    });
    var ideas = arrived.ideas.filter(function (id) {
      var card = document.getElementById("idea-" + id);
      return own.indexOf(id) < 0 && card && !card.hidden;
    }).length;
    var parts = [];
    if (ideas) parts.push(phrase("idea", ideas));
    if (arrived.callouts) parts.push(phrase("callout", arrived.callouts));
    var bell = document.getElementById("bell-count");
    if (arrived.bell && bell) {
      var count = Number(bell.getAttribute("data-count"));
      if (count > 0 && count !== bellSaid) parts.push(phrase("bell", count));
      bellSaid = count;
    }
    arrived = { ideas: [], callouts: 0, bell: false };
    if (!parts.length) return;
    arrivalSaid = Date.now();
    say(parts.join(", "));
  }

  // --- Pushes that change what is on the page only where it is there ----------------------------
  // A part marked data-if-present (a changed or removed callout card) is dropped when the page does
  // not show that element, instead of htmx reporting a missing target.
  htmx.defineExtension("cmij-live", {
    transformResponse: function (text) {
      if (text.indexOf("data-if-present") < 0) return text;
      var template = document.createElement("template");
      template.innerHTML = text;
      Array.prototype.slice.call(template.content.children).forEach(function (el) {
        if (el.hasAttribute("data-if-present") && !document.getElementById(el.id)) el.remove();
      });
      return template.innerHTML;
    }
  });

  // --- The bell: "+1" per new notification, the database count on every (re)connect --------------
  function setBell(count) {
    var bell = document.getElementById("bell-count");
    if (!bell) return;
    var before = Number(bell.getAttribute("data-count"));
    if (bellSaid === null) bellSaid = before;
    if (count !== before) noteArrival("bell");
    bell.setAttribute("data-count", String(count));
    bell.querySelector(".bell__number").textContent = String(count);
    bell.hidden = count <= 0;
  }

  // The server's answer to `feed` and `team`: from now on this page gets their pushes. The page's
  // subscription element says so (data-live), for whoever waits on it (the tests do).
  function subscribedMessage(message) {
    var match = /^<div id="live-subscribed" data-subscribed="(feed|team)"/.exec(message);
    if (!match) return false;
    var marker = document.getElementById(match[1] + "-subscription");
    if (marker) marker.setAttribute("data-live", "1");
    return true;
  }

  function bellMessage(message) {
    var match = /^<div id="bell-(add|set)" data-bell-(?:add|count)="(\d+)"/.exec(message);
    if (!match) return false;
    var bell = document.getElementById("bell-count");
    var now = bell ? Number(bell.getAttribute("data-count")) : 0;
    setBell(match[1] === "add" ? now + Number(match[2]) : Number(match[2]));
    return true;
  }

  // --- The callout feed: subscribe with the page's filters; new callouts on top or on a button ---
  var feedSent = new Map(); // socket element -> the filters it subscribed with

  function subscribeFeed(socketElement, force) {
    var marker = document.getElementById("feed-subscription");
    var wrapper = sockets.get(socketElement);
    if (!marker || !wrapper || socketElement.getAttribute("data-live-state") !== "open") return;
    var query = marker.getAttribute("data-feed-query") || "";
    if (!force && feedSent.get(socketElement) === query) return;
    feedSent.set(socketElement, query);
    send(wrapper, { action: "feed", query: query });
  }

  function feedAtTop(list) {
    return list.getBoundingClientRect().top >= 0;
  }

  function showNewButton(add) {
    var button = document.getElementById("feed-new");
    if (!button) return;
    var counter = button.querySelector(".feed-new__count");
    var count = Number(counter.getAttribute("data-count")) + add;
    var unknown = add === 0 || button.hasAttribute("data-unknown");
    if (add === 0) button.setAttribute("data-unknown", "1");
    counter.setAttribute("data-count", String(count));
    counter.textContent = unknown ? "" : String(count);
    button.querySelectorAll("[data-feed-new]").forEach(function (label) {
      var kind = label.getAttribute("data-feed-new");
      label.hidden = unknown ? kind !== "unknown" : kind !== (count === 1 ? "one" : "many");
    });
    button.hidden = false;
  }

  function resetNewButton() {
    var button = document.getElementById("feed-new");
    if (!button) return;
    button.hidden = true;
    button.removeAttribute("data-unknown");
    var counter = button.querySelector(".feed-new__count");
    counter.setAttribute("data-count", "0");
    counter.textContent = "";
  }

  // Returns true when the message was a feed message handled here (htmx must not swap it).
  function feedMessage(message) {
    if (message.indexOf('<div id="feed-hint"') === 0) {
      if (document.getElementById("feed-items")) showNewButton(0);
      return true;
    }
    var match = /^<div hx-swap-oob="afterbegin:#feed-items" data-feed-new-card="(\d+)"/.exec(message);
    if (!match) return false;
    var list = document.getElementById("feed-items");
    if (!list || document.getElementById("callout-" + match[1])) return true;
    noteArrival("callout");
    if (!feedAtTop(list)) { showNewButton(1); return true; }
    var newest = document.getElementById("feed-newest");
    if (newest && Number(newest.value) < Number(match[1])) newest.value = match[1];
    return false; // htmx puts the card on top
  }

  // --- Action teams: watch the team on this page ---------------------------------------------------
  // Sent whenever the socket opens or reopens. The server answers (and later pushes) a live-refetch
  // hint, so the page fetches its own view of #team-live: nothing missed while the socket was away.
  function subscribeTeam(socketElement) {
    var marker = document.getElementById("team-subscription");
    var wrapper = sockets.get(socketElement);
    if (!marker || !wrapper) return;
    var team = Number(marker.getAttribute("data-team"));
    if (team > 0) send(wrapper, { action: "team", team: team });
  }

  // A filter form marked data-drop-empty leaves empty fields out of its URL (?discipline=film, not
  // ?zoek=&discipline=film), so a shared or bookmarked feed reads as what it shows.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.hasAttribute("data-drop-empty")) return;
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (key) { if (params[key] === "") delete params[key]; });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "feed-new" && event.detail.successful) {
      resetNewButton();
      var list = document.getElementById("feed-items");
      if (list) list.scrollIntoView({ block: "start" });
    }
  });

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    var message = event.detail.message;
    if (subscribedMessage(message) || bellMessage(message) || feedMessage(message)) {
      event.preventDefault();
      return;
    }
    if (message.indexOf('<div id="live-resume" data-resume="1"') === 0) {
      // The server lost pushes (its Redis connection came back): catch up from the database.
      event.preventDefault();
      resume(event.target, true);
      return;
    }
    if (message.indexOf('<div id="live-refetch"') === 0) {
      // A snapshot too large for one socket message: fetch it; its parts swap in out of band.
      event.preventDefault();
      var url = /data-url="([^"]+)"/.exec(message);
      if (url) htmx.ajax("GET", url[1].replace(/&amp;/g, "&"), { swap: "none" });
      return;
    }
    var match = MARKER.exec(message);
    if (match) {
      var board = Number(match[1]);
      var seq = Number(match[2]);
      var prev = match[3] === "" ? null : Number(match[3]);
      var snapshot = Boolean(match[4]);
      var have = appliedSeq(board);
      if (!snapshot) {
        if (seq <= have) { event.preventDefault(); return; } // seen already (or out of order)
        if (prev !== have) { event.preventDefault(); resume(event.target); return; } // a gap
      }
      resuming[board] = 0;
    }
    ensureTargets(message).forEach(function (id) {
      if (/^idea-\d+$/.test(id)) noteArrival("idea", id.slice(5));
    });
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var requester = detail.requestConfig && detail.requestConfig.elt;
    if (requester && !requester.isConnected && typeof detail.serverResponse === "string") {
      // A push replaced the card whose button sent this request before its answer came. The push
      // already brought the card; drop the answer's by-id parts, which htmx would look for in the
      // detached card, and keep the part aimed at a target on the page (my state, a notice).
      var template = document.createElement("template");
      template.innerHTML = detail.serverResponse;
      Array.prototype.slice.call(template.content.children).forEach(function (el) {
        if (el.hasAttribute("hx-swap-oob")) el.remove();
      });
      detail.serverResponse = template.innerHTML;
    }
    if (typeof detail.serverResponse === "string") ensureTargets(detail.serverResponse);
  });

  // --- Per-person state: my ideas and my votes come only to me -----------------------------------
  function applyMyState() {
    document.querySelectorAll(".my-state[id$='-me']").forEach(function (state) {
      var board = state.id.replace(/^board-(\d+)-me$/, "$1");
      var own = (state.getAttribute("data-own") || "").split(" ");
      var voted = (state.getAttribute("data-voted") || "").split(" ");
      var root = document.getElementById("board-" + board) || document;
      root.querySelectorAll("[data-idea]").forEach(function (card) {
        var id = card.getAttribute("data-idea");
        var mine = own.indexOf(id) >= 0;
        var hasVote = voted.indexOf(id) >= 0;
        card.querySelectorAll("[data-own-only]").forEach(function (el) { el.hidden = !mine; });
        card.querySelectorAll("[data-voted-only]").forEach(function (el) { el.hidden = !hasVote; });
        card.querySelectorAll("[data-vote-add]").forEach(function (button) {
          button.closest("form").hidden = hasVote;
        });
        card.classList.toggle("idea--voted", hasVote);
      });
    });
  }

  // --- A post is stored once: each new idea gets a random id from the browser --------------------
  // crypto.getRandomValues works on a plain-http LAN address, where crypto.randomUUID does not.
  function newClientMsgId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function fillClientMsgIds() {
    document.querySelectorAll("input[data-client-msg-id]").forEach(function (input) {
      if (!input.value) input.value = newClientMsgId();
    });
  }

  // --- The timer: the server sends its end time and its now, so a wrong phone clock counts right ---
  // Its last minute and its end are said once each, when the page sees the timer cross them (a
  // page that opens with less than a minute left hears only the end); the ticking is never read.
  var timerSeen = {}; // timer id -> { ends, stage }: 0 running, 1 last minute, 2 done

  function sayTimer(timer, left) {
    var stage = left === 0 ? 2 : left <= 60 ? 1 : 0;
    var seen = timerSeen[timer.id];
    timerSeen[timer.id] = { ends: timer.dataset.endsAt, stage: stage };
    if (seen && seen.ends === timer.dataset.endsAt && stage > seen.stage) {
      say(phrase(stage === 2 ? "timer-done" : "timer-minute"));
    }
  }

  function tickTimers() {
    document.querySelectorAll(".timer[data-ends-at]").forEach(function (timer) {
      if (!timer.dataset.receivedAt) timer.dataset.receivedAt = String(Date.now());
      var serverNow = Number(timer.dataset.now) * 1000 + (Date.now() - Number(timer.dataset.receivedAt));
      var left = Math.max(0, Math.round((Number(timer.dataset.endsAt) * 1000 - serverNow) / 1000));
      var value = timer.querySelector(".timer__value");
      var text = Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      if (value && value.textContent !== text) value.textContent = text;
      timer.classList.toggle("timer--done", left === 0);
      sayTimer(timer, left);
    });
  }

  function afterChange() {
    applyMyState();
    fillClientMsgIds();
    tickTimers();
    sockets.forEach(function (_w, element) { subscribeFeed(element, false); });
  }

  // --- Socket life --------------------------------------------------------------------------------
  document.addEventListener("htmx:wsOpen", function (event) {
    retries = 0;
    sockets.set(event.target, event.detail.socketWrapper);
    setState(event.target, "open");
    resume(event.target, true);
    subscribeFeed(event.target, true);
    subscribeTeam(event.target);
  });

  document.addEventListener("htmx:wsClose", function (event) {
    var code = event.detail.event.code;
    ["feed-subscription", "team-subscription"].forEach(function (id) {
      var marker = document.getElementById(id);
      if (marker) marker.removeAttribute("data-live"); // live again once the reopened socket is answered
    });
    if (code === STAY_AWAY) {
      sockets.delete(event.target);
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

  // --- A request that fails says so, in the page's language (texts on #live-error) -------------------
  // A 503 brings its own notice (the database away for a moment); these are the other failures.
  function showRequestError(kind) {
    var box = document.getElementById("live-error");
    if (!box) return;
    var text = document.createElement("p");
    text.className = "message message--error";
    text.textContent = box.getAttribute(kind);
    box.replaceChildren(text);
  }
  document.addEventListener("htmx:sendError", function () { showRequestError("data-send-error"); });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status >= 500) showRequestError("data-response-error");
  });

  document.addEventListener("htmx:wsAfterMessage", afterChange);
  document.addEventListener("htmx:afterSettle", afterChange);
  document.addEventListener("htmx:historyRestore", afterChange);
  document.addEventListener("DOMContentLoaded", afterChange);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") sockets.forEach(function (_w, element) { resume(element, true); });
  });
  window.addEventListener("online", function () {
    sockets.forEach(function (_w, element) { resume(element, true); });
  });
  window.setInterval(tickTimers, 1000);
  window.setInterval(ack, 5000);

  // --- Focus survives swaps and pushes -------------------------------------------------------------
  // Whatever replaces or hides the focused element, focus lands somewhere sensible, never on <body>:
  // a form marked data-focus-after-swap sends it to that field (the idea form: its textarea); an
  // idea card that left its place (approved out of the queue, merged away) hands it to the next
  // card, the one before, or the column's heading; otherwise the element with the same id, or the
  // same place inside the nearest element with an id. A new error summary takes focus itself.
  var FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]";
  var lastFocus = null;

  function shown(el) {
    return Boolean(el) && el.isConnected && el.getClientRects().length > 0;
  }

  function focusables(root) {
    return Array.prototype.filter.call(root.querySelectorAll(FOCUSABLE), function (el) {
      return !el.disabled && shown(el);
    });
  }

  function siblingIds(card, direction) {
    var ids = [];
    for (var el = card[direction]; el; el = el[direction]) if (el.id) ids.push(el.id);
    return ids;
  }

  function rememberFocus(target) {
    if (!target || target === document.body || !target.closest || !target.isConnected) return;
    var anchor = target.id ? target : target.parentElement && target.parentElement.closest("[id]");
    if (!anchor) return;
    var card = target.closest("[data-idea]");
    lastFocus = {
      id: target.id,
      anchor: anchor.id,
      index: focusables(anchor).indexOf(target),
      card: card ? card.id : null,
      container: card && card.parentElement ? card.parentElement.id : null,
      after: card ? siblingIds(card, "nextElementSibling") : [],
      before: card ? siblingIds(card, "previousElementSibling") : []
    };
  }

  function focusOn(el) {
    if (!el.matches(FOCUSABLE)) el.setAttribute("tabindex", "-1");
    el.focus();
  }

  function focusLost() {
    var active = document.activeElement;
    return !active || active === document.body || !shown(active);
  }

  function restoreFocus() {
    var summary = document.querySelector("[data-error-summary]:not([data-focused])");
    if (shown(summary)) {
      summary.setAttribute("data-focused", "1");
      focusOn(summary);
      return;
    }
    var was = lastFocus;
    if (!was || !focusLost()) return;
    var card = was.card && document.getElementById(was.card);
    if (was.card && !(shown(card) && card.parentElement.id === was.container)) {
      var near = was.after.concat(was.before).map(function (id) { return document.getElementById(id); })
        .filter(function (el) { return shown(el) && el.parentElement.id === was.container; })[0];
      if (near) return focusOn(near);
      var column = document.getElementById(was.container);
      var heading = column && column.closest("section") && column.closest("section").querySelector("h2, h3");
      if (shown(heading)) return focusOn(heading);
    }
    var same = was.id && document.getElementById(was.id);
    if (shown(same)) return focusOn(same);
    var anchor = document.getElementById(was.anchor);
    var redirect = anchor && anchor.closest("[data-focus-after-swap]");
    var field = redirect && document.getElementById(redirect.getAttribute("data-focus-after-swap"));
    if (shown(field)) return focusOn(field);
    if (shown(anchor)) {
      var inside = focusables(anchor);
      return focusOn(was.index >= 0 && inside.length ? inside[Math.min(was.index, inside.length - 1)] : anchor);
    }
    if (shown(card)) return focusOn(card); // what had focus is folded away inside its card
    var main = document.getElementById("main");
    if (main) main.focus();
  }

  document.addEventListener("focusin", function (event) { rememberFocus(event.target); });
  document.addEventListener("focusout", function (event) {
    // Focus moved away on purpose (a click on the page, another window): nothing to restore.
    var target = event.target;
    window.setTimeout(function () { if (shown(target) && focusLost()) lastFocus = null; }, 0);
  });
  // Capturing, so this runs before ensureTargets moves a card to its new column.
  ["htmx:beforeSwap", "htmx:wsBeforeMessage", "htmx:oobBeforeSwap"].forEach(function (name) {
    document.addEventListener(name, function () { rememberFocus(document.activeElement); }, true);
  });
  ["htmx:afterSettle", "htmx:wsAfterMessage", "htmx:oobAfterSwap", "htmx:afterRequest"].forEach(function (name) {
    document.addEventListener(name, function () { window.setTimeout(restoreFocus, 0); });
  });
  // A page reached by an action (the board right after joining) says where the keyboard goes: that
  // field when it shows, else the page's heading.
  function focusOnLoad() {
    var marked = document.querySelector("[data-focus-on-load]");
    if (!marked || !focusLost()) return;
    var field = document.getElementById(marked.getAttribute("data-focus-on-load"));
    var heading = marked.querySelector("h1");
    if (shown(field)) focusOn(field);
    else if (shown(heading)) focusOn(heading);
  }
  document.addEventListener("DOMContentLoaded", function () { restoreFocus(); focusOnLoad(); });
})();
