// CMIJ glue: the little the browser must do that htmx does not. No build step, no HTML built here.
(function () {
  "use strict";

  // --- Close codes and reconnecting (DESIGN.md) ---------------------------------------------------
  // The socket comes back after every close the page did not ask for, whatever its code (1000 and
  // 1001 from a proxy reload or a server restart, 1006 a lost connection, 1011 a server error,
  // 4012 restart, 4013 try again later), except 4008: "stay away" (removed, logged out, code
  // closed), which the banner explains. htmx's ws extension reconnects by itself only after 1006,
  // 1011, 1012 and 1013, on a timer nobody can hurry or cancel; so the glue owns every socket's
  // close (htmx.createWebSocket below) and every reconnect: one policy for every code, with
  // backoff and full jitter (0.25 s doubling to at most 5 s, each wait a random part of that) so a
  // room of 200 phones does not come back in one burst, and at once when the browser goes online,
  // the page becomes visible again or comes back from the back/forward cache.
  var STAY_AWAY = 4008;
  var BACKOFF_FIRST = 250; // ms
  var BACKOFF_MOST = 5000; // ms
  var STEADY = 5000; // ms open before a close starts the backoff from the beginning again
  var sockets = new Map(); // socket element -> htmx's socket wrapper (its public interface)
  var current = new Map(); // socket element -> the WebSocket htmx made for it last
  var lives = new Map(); // socket element -> { retries, timer, openedAt }: each socket the glue brings back
  var madeSocket = null; // the WebSocket htmx.createWebSocket just made, until htmx names its element
  var leaving = false; // the page is being left: its sockets close because the page asked

  function backoff(retries) {
    return Math.random() * Math.min(BACKOFF_MOST, BACKOFF_FIRST * Math.pow(2, retries));
  }

  // htmx's own reconnect never starts: its close handler (socket.onclose) is kept from the socket,
  // and the glue announces the close itself as htmx would (htmx:wsClose, with the real event).
  if (window.htmx) {
    htmx.createWebSocket = function (url) {
      var socket = new WebSocket(url);
      Object.defineProperty(socket, "onclose", { configurable: true, get: function () { return null; }, set: function () {} });
      socket.addEventListener("close", function (event) {
        current.forEach(function (made, element) {
          if (made === socket && element.isConnected) {
            htmx.trigger(element, "htmx:wsClose", { event: event, socketWrapper: sockets.get(element) });
          }
        });
      });
      madeSocket = socket;
      return socket;
    };
  }

  function setState(element, state) {
    if (element.getAttribute("data-live-state") === state) return; // said once, not on every retry
    element.setAttribute("data-live-state", state);
    element.querySelectorAll(":scope > [data-when], :scope > * > [data-when]").forEach(function (text) {
      text.hidden = text.getAttribute("data-when") !== state;
    });
  }

  // Away: "offline" while the browser says so, else "closed" (reconnecting).
  function awayState() {
    return navigator.onLine === false ? "offline" : "closed";
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

  // `force` on open: a new socket always asks; a gap asks at most every few seconds. A gap within
  // those seconds is asked about when they are over, never dropped: two publishes may arrive in the
  // wrong order (the later one is refused as a gap, then the earlier one applies), and nothing else
  // would bring the refused one back.
  var RESUME_EVERY = 3000;
  var resumeLater = {};

  function resume(socketElement, force) {
    var board = boardOf(socketElement);
    var wrapper = sockets.get(socketElement);
    if (board === null || !wrapper) return;
    var wait = force || !resuming[board] ? 0 : RESUME_EVERY - (Date.now() - resuming[board]);
    if (wait > 0) {
      if (!resumeLater[board]) {
        resumeLater[board] = window.setTimeout(function () {
          resumeLater[board] = null;
          resume(socketElement, true);
        }, wait);
      }
      return;
    }
    window.clearTimeout(resumeLater[board]);
    resumeLater[board] = null;
    resuming[board] = Date.now();
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

  // --- Live order: each column in the order a reload renders it ---------------------------------
  // The rule is boards.selectors.display_key's: pinned first; then, as the container's data-order
  // says, the newest first (collect), the most votes first with ties the older first (vote, discuss,
  // closed), or the oldest first (the queue). Cards carry data-pinned and data-votes (absent: not
  // pinned, no votes), and "newer" is the later idea id (the card's id, idea-N); a phase change
  // re-renders the body, data-order with it. Only the cards out of place move, and focus inside a
  // moved card stays where it was.
  var NEW_FOR = 4000;
  var arriving = []; // ids of cards new to this page, highlighted once swapped in

  // An idea's card (id idea-N), not the stub left where one was removed (idea--gone).
  var CARD = "article.idea:not(.idea--gone)";

  function isCard(el) {
    return el.matches(CARD);
  }

  function ideaId(card) {
    return card.id.slice("idea-".length);
  }

  function cardKey(el) {
    if (!isCard(el)) return null; // a stub of a card gone: after the cards
    return {
      pinned: el.getAttribute("data-pinned") === "1",
      votes: Number(el.getAttribute("data-votes") || 0),
      created: Number(ideaId(el))
    };
  }

  function compareCards(order) {
    return function (a, b) {
      if (a.key === null || b.key === null) return (a.key === null) - (b.key === null);
      if (a.key.pinned !== b.key.pinned) return a.key.pinned ? -1 : 1;
      if (order === "votes" && a.key.votes !== b.key.votes) return b.key.votes - a.key.votes;
      if (a.key.created === b.key.created) return 0;
      var older = a.key.created < b.key.created ? -1 : 1;
      return order === "newest" ? -older : older;
    };
  }

  function reorder(container) {
    var order = container.getAttribute("data-order");
    var children = Array.prototype.slice.call(container.children);
    var items = children.map(function (el) { return { el: el, key: cardKey(el) }; });
    items.sort(compareCards(order)); // stable: equal keys keep the page's order
    var focused = document.activeElement;
    var moved = false;
    items.forEach(function (item, index) {
      var here = container.children[index];
      if (here !== item.el) { container.insertBefore(item.el, here); moved = true; }
    });
    if (moved && focused && focused !== document.body && focused.isConnected && document.activeElement !== focused) {
      focused.focus({ preventScroll: true });
    }
  }

  function reorderColumns() {
    document.querySelectorAll(".column__ideas[data-order]").forEach(reorder);
  }

  // A note that a container is empty ("No ideas are waiting.") follows its cards, live as on a reload.
  function markEmpty() {
    document.querySelectorAll("[data-empty-for]").forEach(function (note) {
      var container = document.getElementById(note.getAttribute("data-empty-for"));
      if (!container) return;
      note.hidden = Array.prototype.some.call(container.children, function (card) {
        return isCard(card) && !card.hidden;
      });
    });
  }

  function highlightArrivals() {
    var ids = arriving;
    arriving = [];
    ids.forEach(function (id) {
      var card = document.getElementById(id);
      if (!card || card.hidden || !isCard(card)) return;
      card.classList.add("idea--new");
      window.setTimeout(function () { card.classList.remove("idea--new"); }, NEW_FOR);
    });
  }

  // --- One person's own state after a shared push ------------------------------------------------
  // Per-person state never rides in a shared push; where a push changed it, the page fetches its own
  // (the my-state's data-refetch, swapped in by id): the votes per participant changed (spread over
  // a moment, since it concerns the whole room), an idea I voted for left the page (deleted, merged:
  // my vote went with it or moved), or an idea of mine waiting for approval appeared (approved).
  var personalBefore = null;

  function words(el, name) {
    return (el.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  function cardShown(id) {
    var card = document.getElementById("idea-" + id);
    return Boolean(card) && !card.hidden && isCard(card);
  }

  function votesPer(state) {
    var header = document.getElementById(state.id.replace(/-me$/, "-header"));
    return header ? header.getAttribute("data-votes-per-participant") : null;
  }

  function personalState() {
    var states = {};
    document.querySelectorAll(".my-state[data-refetch]").forEach(function (state) {
      states[state.id] = {
        per: votesPer(state),
        voted: words(state, "data-voted").filter(cardShown),
        pending: words(state, "data-pending").filter(function (id) { return !cardShown(id); })
      };
    });
    return states;
  }

  // `message`: the push itself. An own idea waiting for approval that it names was approved (its card
  // shows now) or rejected (it names it only to say it is gone): either way it left the queue.
  function refetchPersonal(before, message) {
    var named = function (id) { return message.indexOf('id="idea-' + id + '"') !== -1; };
    document.querySelectorAll(".my-state[data-refetch]").forEach(function (state) {
      var was = before[state.id];
      if (!was) return;
      var url = state.getAttribute("data-refetch");
      var fetchMine = function () { htmx.ajax("GET", url, { swap: "none" }); };
      if (votesPer(state) !== was.per) {
        window.setTimeout(fetchMine, Math.random() * 2000);
      } else if (was.voted.some(function (id) { return !cardShown(id); }) || was.pending.some(named)) {
        fetchMine();
      }
    });
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
  var htmxApi = null; // htmx's API for extensions: the socket wrapper an element holds (wrapperOf)
  htmx.defineExtension("cmij-live", {
    init: function (api) { htmxApi = api; },
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
  // hint, so the page fetches its own view of #team-live: nothing missed while the socket was lives.
  function subscribeTeam(socketElement) {
    var marker = document.getElementById("team-subscription");
    var wrapper = sockets.get(socketElement);
    if (!marker || !wrapper) return;
    var team = Number(marker.getAttribute("data-team"));
    if (team > 0) send(wrapper, { action: "team", team: team });
  }

  // A card's buttons belong to the board's one action form by their form attribute and say where
  // they post by formaction. htmx reads formaction only from a button it has processed (one with
  // type="submit" written out); the submit event names the button pressed, so the request goes where
  // that button says, and a card need not spell out type="submit" (#29: a board page's bytes).
  document.addEventListener("htmx:configRequest", function (event) {
    var submitter = event.detail.triggeringEvent && event.detail.triggeringEvent.submitter;
    if (submitter && submitter.form === event.detail.elt && submitter.hasAttribute("formaction")) {
      event.detail.path = submitter.getAttribute("formaction");
    }
  });

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

  // Several board events in one message: the server's in-process hub joins the events queued for one
  // topic when it is behind (realtime/hub.py, `joined`). Each goes through the ws extension on its
  // own, in order, as if it had come alone (its seq checked, its parts swapped, afterChange), and the
  // joined message goes no further. Registered before every other listener of this event.
  var EVENT_START = /(?=<div id="board-\d+-seq" data-board=")/;

  function splitEvents(message) {
    return message.split(EVENT_START).filter(function (part) { return part !== ""; });
  }

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    var message = event.detail.message;
    if (typeof message !== "string" || message.indexOf('<div id="board-') !== 0) return;
    var parts = splitEvents(message);
    var socket = current.get(event.target);
    if (parts.length < 2 || !socket) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    parts.forEach(function (part) { socket.dispatchEvent(new MessageEvent("message", { data: part })); });
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
      if (/^idea-\d+$/.test(id)) { noteArrival("idea", id.slice(5)); arriving.push(id); }
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
  // A shared push brings a card without anyone's own part (edit and delete of one's own idea, "you
  // voted" and taking it back). The page's my-state holds that part as a template per kind (voted,
  // own, both: its data-mine), with a placeholder for the idea's id (data-placeholder): put into a
  // card of mine that lacks it, taken out of a card that is no longer mine. Each control in it says
  // the phase it works in (data-in), shown only in that phase and unlocked.
  function ideaText(card) {
    var text = card.querySelector(".idea__text");
    if (!text) return "";
    return Array.prototype.map.call(text.childNodes, function (node) {
      return node.nodeName === "BR" ? "\n" : node.textContent;
    }).join("").replace(/\r/g, "");
  }

  function mineTemplate(state, kind) {
    return Array.prototype.find.call(state.querySelectorAll("template[data-placeholder]"), function (template) {
      var part = template.content.firstElementChild;
      return Boolean(part) && part.getAttribute("data-mine") === kind;
    }) || null;
  }

  // A copy of a my-state template for the card of idea `id`: the placeholder in its attributes (the
  // forms' URLs, the field's id and its label's for) becomes the card's id.
  function minePart(template, id) {
    var placeholder = template.getAttribute("data-placeholder");
    var copy = template.content.cloneNode(true);
    copy.querySelectorAll("*").forEach(function (el) {
      Array.prototype.forEach.call(el.attributes, function (attribute) {
        if (attribute.value.indexOf(placeholder) >= 0) attribute.value = attribute.value.split(placeholder).join(id);
      });
    });
    return copy;
  }

  function applyMyState() {
    document.querySelectorAll(".my-state[id$='-me']").forEach(function (state) {
      var board = state.id.replace(/^board-(\d+)-me$/, "$1");
      var voted = (state.getAttribute("data-voted") || "").split(" ");
      var own = (state.getAttribute("data-own") || "").split(" ");
      var root = document.getElementById("board-" + board) || document;
      var header = document.getElementById("board-" + board + "-header");
      var phase = header ? header.getAttribute("data-phase") : "";
      var open = header ? header.getAttribute("data-locked") === "0" : false;
      var participant = root.getAttribute && root.getAttribute("data-audience") === "participants";
      root.querySelectorAll(CARD).forEach(function (card) {
        var id = ideaId(card);
        var hasVote = voted.indexOf(id) >= 0;
        var part = card.querySelector(":scope > [data-mine]");
        var kind = (hasVote ? "voted" : "") + (own.indexOf(id) >= 0 ? " own" : "");
        var template = participant && kind ? mineTemplate(state, kind) : null;
        if (part && (!template || part.getAttribute("data-mine") !== kind)) { // no longer mine, or mine otherwise
          part.remove();
          part = null;
        }
        if (!part && template) {
          card.appendChild(minePart(template, id));
          part = card.querySelector(":scope > [data-mine]");
          var field = part && part.querySelector("textarea[name=text]");
          if (field) field.value = ideaText(card);
          if (part) htmx.process(part);
        }
        if (part) {
          part.querySelectorAll("[data-in]").forEach(function (el) {
            el.hidden = !(open && el.getAttribute("data-in") === phase);
          });
        }
        card.querySelectorAll("[data-vote-add]").forEach(function (button) { button.hidden = hasVote; });
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
    reorderColumns();
    markEmpty();
    highlightArrivals();
    applyMyState();
    projectorRefresh();
    fillClientMsgIds();
    tickTimers();
    sockets.forEach(function (_w, element) { subscribeFeed(element, false); });
  }

  // --- Socket life --------------------------------------------------------------------------------
  // htmx's socket wrapper of an element, also before its first open (cmij-live's init keeps htmx's
  // API for extensions: the wrapper is in the element's htmx data).
  function wrapperOf(element) {
    var data = htmxApi && htmxApi.getInternalData(element);
    return sockets.get(element) || (data && data.webSocket ? data.webSocket.publicInterface : null);
  }

  document.addEventListener("htmx:wsConnecting", function (event) {
    if (madeSocket) current.set(event.target, madeSocket);
    madeSocket = null;
  });

  document.addEventListener("htmx:wsOpen", function (event) {
    var element = event.target;
    var state = lives.get(element) || { retries: 0, timer: null };
    state.openedAt = Date.now();
    lives.set(element, state);
    sockets.set(element, event.detail.socketWrapper);
    setState(element, navigator.onLine === false ? "offline" : "open");
    resume(element, true);
    subscribeFeed(element, true);
    subscribeTeam(element);
  });

  function comeBackLater(element) {
    var state = lives.get(element) || { retries: 0, timer: null };
    if (state.openedAt && Date.now() - state.openedAt >= STEADY) state.retries = 0; // it had been well
    state.openedAt = 0;
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(function () { comeBackNow(element); }, backoff(state.retries));
    state.retries += 1;
    lives.set(element, state);
  }

  // Reconnect a socket that is away now (not one that is opening or open, nor one told to stay away).
  function comeBackNow(element) {
    var state = lives.get(element);
    var socket = current.get(element);
    var wrapper = wrapperOf(element);
    if (!state || !wrapper || !element.isConnected || leaving) return;
    window.clearTimeout(state.timer);
    state.timer = null;
    if (socket && socket.readyState <= 1) return; // CONNECTING or OPEN
    wrapper.reconnect();
  }

  function comeBackAllNow() {
    lives.forEach(function (_state, element) { comeBackNow(element); });
  }

  document.addEventListener("htmx:wsClose", function (event) {
    var element = event.target;
    var closed = event.detail.event;
    ["feed-subscription", "team-subscription"].forEach(function (id) {
      var marker = document.getElementById(id);
      if (marker) marker.removeAttribute("data-live"); // live again once the reopened socket is answered
    });
    // A close the page asked for: it is being left, the element is gone, or htmx replaced this
    // socket with a newer one (htmx reports the close it made of the old one as 1000).
    if (leaving || !element.isConnected || current.get(element) !== closed.target) return;
    if (closed.code === STAY_AWAY) {
      sockets.delete(element);
      lives.delete(element);
      // The server may have said why just before (realtime/stay_away.html fills #live-why).
      var why = element.querySelector("[data-why]");
      setState(element, why ? why.getAttribute("data-why") : "refused");
      return;
    }
    setState(element, awayState());
    comeBackLater(element);
  });

  window.addEventListener("offline", function () {
    sockets.forEach(function (_w, element) {
      if (element.getAttribute("data-live-state") !== "refused") setState(element, "offline");
    });
  });
  window.addEventListener("online", function () {
    lives.forEach(function (_state, element) {
      var socket = current.get(element);
      if (element.getAttribute("data-live-state") === "offline") {
        setState(element, socket && socket.readyState === 1 ? "open" : "closed");
      }
    });
    comeBackAllNow();
    sockets.forEach(function (_w, element) { resume(element, true); });
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState !== "visible") return;
    comeBackAllNow();
    sockets.forEach(function (_w, element) { resume(element, true); });
  });
  // Back from the back/forward cache: the page's sockets were closed while it was kept.
  window.addEventListener("pageshow", function (event) {
    leaving = false;
    if (event.persisted) comeBackAllNow();
  });
  window.addEventListener("pagehide", function () { leaving = true; });

  // --- A request that fails says so where it was sent ---------------------------------------------
  // In the form it came from (its [data-request-error] region; the idea form's has a retry button,
  // which sends the same text with the same client_msg_id, so the idea is stored once), with what
  // was typed kept (htmx swaps nothing on a failure). A request from outside a form says so in the
  // banner (#live-error). Texts in the page's language from #live-error. A 503 brings its own
  // notice (the database away for a moment), swapped in by id.
  function showRequestError(elt, kind) {
    var box = document.getElementById("live-error");
    if (!box) return;
    var message = box.getAttribute(kind);
    var form = elt && elt.closest ? elt.closest("form") : null;
    if (form && form.isConnected) {
      var region = form.querySelector("[data-request-error]");
      if (!region) {
        region = document.createElement("p");
        region.className = "message message--error request-error";
        region.setAttribute("role", "alert");
        region.setAttribute("data-request-error", "");
        form.appendChild(region);
      }
      region.textContent = message;
      form.querySelectorAll("[data-retry]").forEach(function (button) { button.hidden = false; });
      return;
    }
    var text = document.createElement("p");
    text.className = "message message--error";
    text.textContent = message;
    box.replaceChildren(text);
  }
  document.addEventListener("htmx:sendError", function (event) { showRequestError(event.detail.elt, "data-send-error"); });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr.status >= 400) showRequestError(event.detail.elt, "data-response-error");
  });
  // A summary's or report-back's editor names a member by reference (#28, profiles/references.py):
  // the picked member's reference goes in at the cursor. Without this script the button stays hidden
  // and the reference shown beside each name can be typed.
  function showReferenceButtons() {
    document.querySelectorAll("[data-reference-insert]").forEach(function (button) { button.hidden = false; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", showReferenceButtons);
  else showReferenceButtons();
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-reference-insert]");
    var select = button && document.getElementById(button.getAttribute("data-reference-insert"));
    var field = select && document.getElementById(select.getAttribute("data-reference-for"));
    if (!field || !select.value) return;
    field.setRangeText(select.value, field.selectionStart, field.selectionEnd, "end");
    field.focus();
  });
  // "Try again" sends its form again as it is: the same text, the same client_msg_id.
  document.addEventListener("click", function (event) {
    var retry = event.target.closest && event.target.closest("[data-retry]");
    var form = retry && retry.closest("form");
    if (form) form.requestSubmit();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("form") : null;
    if (!event.detail.successful || !form || !form.isConnected) return;
    form.querySelectorAll("[data-request-error]").forEach(function (region) { region.textContent = ""; });
    form.querySelectorAll("[data-retry]").forEach(function (button) { button.hidden = true; });
  });

  document.addEventListener("htmx:wsBeforeMessage", function (event) {
    personalBefore = event.defaultPrevented ? null : personalState();
  });
  document.addEventListener("htmx:wsAfterMessage", function (event) {
    var before = personalBefore;
    personalBefore = null;
    if (before) refetchPersonal(before, String(event.detail.message || ""));
  });
  document.addEventListener("htmx:wsAfterMessage", afterChange);
  document.addEventListener("htmx:afterSettle", afterChange);
  document.addEventListener("htmx:historyRestore", afterChange);
  document.addEventListener("DOMContentLoaded", afterChange);
  window.setInterval(tickTimers, 1000);
  window.setInterval(ack, 5000);

  // --- The projector fits the wall (#24) ---------------------------------------------------------
  // The board's parts say what the room needs; the board element carries it for the CSS: data-join
  // (large while no idea has come, or when the facilitator asks; compact in its corner; none when
  // joining or the board is closed) and data-report (a report-back shares the screen).
  // What does not fit pages through by itself: each column's first KEEP cards (in the order the
  // server gives: pinned, then the newest while collecting, the most votes after) are on every page,
  // the rest are split into pages measured against the column's height, re-measured after every
  // push and resize. The pager shows "page 2 of 5" and a pause button (WCAG 2.2.2).
  var KEEP = 2;
  var paging = { page: 0, pages: 1, paused: false, timer: null, plans: [] };

  function projectorBoard() {
    return document.querySelector(".board--projector:not(.board--breakout)");
  }

  function projectorLayout(board) {
    var join = board.querySelector(":scope > .join-panel");
    var header = board.querySelector(":scope > .board__header");
    var report = board.querySelector(":scope > .report-back-stage");
    var size = "none";
    if (join && join.getAttribute("data-open") === "1" && !(header && header.getAttribute("data-phase") === "closed")) {
      var wanted = join.getAttribute("data-size");
      var hasIdeas = board.querySelector(".column__ideas > .idea:not([hidden])") !== null;
      size = wanted === "large" || (wanted !== "compact" && !hasIdeas) ? "large" : "compact";
    }
    var reportShown = Boolean(report && !report.hidden);
    if (reportShown && size === "large") size = "compact";
    if (board.getAttribute("data-join") !== size) board.setAttribute("data-join", size);
    board.setAttribute("data-report", reportShown ? "shown" : "none");
  }

  function pageCards(column) {
    return Array.prototype.filter.call(column.children, function (card) {
      return card.classList.contains("idea") && !card.hidden;
    });
  }

  function measurePages(board) {
    var plans = [];
    board.querySelectorAll(".column__ideas").forEach(function (column) {
      var cards = pageCards(column);
      cards.forEach(function (card) { card.classList.remove("idea--off-page"); });
      var room = column.clientHeight;
      var gap = parseFloat(window.getComputedStyle(column).rowGap) || 0;
      var kept = [];
      var used = 0;
      // Kept cards take at most about two thirds of the column, so the others still have room.
      while (kept.length < KEEP && kept.length < cards.length && used + cards[kept.length].offsetHeight <= room * 0.7) {
        used += cards[kept.length].offsetHeight + gap;
        kept.push(cards[kept.length]);
      }
      var pages = [[]];
      var fill = used;
      cards.slice(kept.length).forEach(function (card) {
        var height = card.offsetHeight;
        var current = pages[pages.length - 1];
        if (current.length && fill + height > room) { current = []; pages.push(current); fill = used; }
        current.push(card);
        fill += height + gap;
      });
      plans.push({ pages: pages });
    });
    paging.plans = plans;
    paging.pages = Math.max.apply(null, [1].concat(plans.map(function (plan) { return plan.pages.length; })));
    if (paging.page >= paging.pages) paging.page = 0;
  }

  function showPage(board) {
    paging.plans.forEach(function (plan) {
      var shownIndex = paging.page % plan.pages.length;
      plan.pages.forEach(function (cards, index) {
        cards.forEach(function (card) { card.classList.toggle("idea--off-page", index !== shownIndex); });
      });
    });
    var pager = board.querySelector(":scope > .pager");
    if (pager) {
      pager.hidden = paging.pages <= 1;
      var text = (pager.getAttribute("data-page-text") || "")
        .replace("__PAGE__", String(paging.page + 1)).replace("__PAGES__", String(paging.pages));
      var label = pager.querySelector(".pager__page");
      if (label.textContent !== text) label.textContent = text;
      pager.setAttribute("data-page", String(paging.page + 1));
      pager.setAttribute("data-pages", String(paging.pages));
    }
    board.dispatchEvent(new CustomEvent("cmij:projector-page", { bubbles: true, detail: { page: paging.page, pages: paging.pages } }));
  }

  function pageInterval(board) {
    var pager = board.querySelector(":scope > .pager");
    return Math.max(200, Number(pager && pager.getAttribute("data-page-ms")) || 12000);
  }

  function schedulePaging(board) {
    window.clearTimeout(paging.timer);
    paging.timer = null;
    if (paging.paused) return;
    paging.timer = window.setTimeout(function () {
      paging.page = (paging.page + 1) % paging.pages;
      showPage(board);
      schedulePaging(board);
    }, pageInterval(board));
  }

  function projectorRefresh() {
    observeSizes();
    breakoutsRefresh();
    var board = projectorBoard();
    if (!board) return;
    projectorLayout(board);
    measurePages(board);
    showPage(board);
    if (paging.timer === null) schedulePaging(board);
  }

  // The breakouts side by side: each breakout's top ideas by votes (ties: the older first), as many
  // of them as fit its part of the screen, in one list across its columns.
  function breakoutsRefresh() {
    var view = document.querySelector(".breakouts-view");
    if (!view) return;
    var top = Number(view.getAttribute("data-top")) || 5;
    view.querySelectorAll(".board--breakout").forEach(function (board) {
      var body = board.querySelector(".board__body");
      var cards = Array.prototype.filter.call(board.querySelectorAll(".column__ideas > .idea"), function (card) {
        return !card.hidden && isCard(card);
      });
      cards.sort(function (a, b) {
        var votes = Number(b.getAttribute("data-votes") || 0) - Number(a.getAttribute("data-votes") || 0);
        return votes || Number(ideaId(a)) - Number(ideaId(b));
      });
      cards.forEach(function (card, rank) {
        card.style.order = String(rank);
        card.classList.toggle("idea--off-page", rank >= top);
      });
      var bottom = Math.min(body.getBoundingClientRect().bottom, window.innerHeight);
      var full = false;
      cards.slice(0, top).forEach(function (card) {
        full = full || card.getBoundingClientRect().bottom > bottom + 0.5;
        if (full) card.classList.add("idea--off-page");
      });
    });
  }

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".pager__toggle");
    var board = projectorBoard();
    if (!toggle || !board) return;
    paging.paused = !paging.paused;
    toggle.setAttribute("aria-pressed", paging.paused ? "true" : "false");
    toggle.textContent = toggle.getAttribute(paging.paused ? "data-play" : "data-pause");
    schedulePaging(board);
  });
  var resizeTimer = null;
  function refreshSoon() {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(projectorRefresh, 100);
  }
  window.addEventListener("resize", refreshSoon);
  // The room a column or a breakout has changes when the header above it does (a timer, a wrapped
  // title): measured again then too.
  var observed = new WeakSet();
  var sizes = window.ResizeObserver ? new ResizeObserver(refreshSoon) : null;
  function observeSizes() {
    if (!sizes) return;
    document.querySelectorAll(".board--projector .board__body").forEach(function (body) {
      if (!observed.has(body)) { observed.add(body); sizes.observe(body); }
    });
  }
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(projectorRefresh);

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
    var card = target.closest("article.idea");
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

  // --- The facilitator's controls (#24) -----------------------------------------------------------
  // The phase, lock and join panel switches say which is on (aria-pressed) as the board's header and
  // join panel do, live: those come in pushes, the facilitation panel never. A list marked data-refetch-on-open (the guests) is
  // fetched again whenever the socket opens, so a change while it was away is not missed; later
  // changes come as a live-refetch hint.
  function syncSwitches() {
    document.querySelectorAll("[data-phase-switch], [data-lock-switch], [data-join-panel-switch]").forEach(function (form) {
      var on;
      if (form.hasAttribute("data-join-panel-switch")) {
        var panel = document.getElementById("board-" + form.getAttribute("data-join-panel-switch") + "-join");
        if (!panel) return;
        on = panel.getAttribute("data-size");
      } else {
        var board = form.getAttribute("data-phase-switch") || form.getAttribute("data-lock-switch");
        var header = document.getElementById("board-" + board + "-header");
        if (!header) return;
        on = form.hasAttribute("data-phase-switch") ? header.getAttribute("data-phase") : header.getAttribute("data-locked");
      }
      form.querySelectorAll("button[value]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.value === on));
      });
    });
  }
  ["htmx:wsAfterMessage", "htmx:afterSettle", "htmx:oobAfterSwap"].forEach(function (name) {
    document.addEventListener(name, syncSwitches);
  });
  // A list swapped in again keeps the confirmations that were open in it (a guest joining while the
  // facilitator is about to remove another must not fold the question away).
  var openInList = [];
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.hasAttribute || !target.hasAttribute("data-refetch-on-open")) return;
    openInList = Array.prototype.map.call(target.querySelectorAll("details[open][id]"), function (d) { return d.id; });
  });
  document.addEventListener("htmx:oobAfterSwap", function () {
    openInList.forEach(function (id) {
      var details = document.getElementById(id);
      if (details) details.open = true;
    });
    openInList = [];
  });
  document.addEventListener("htmx:wsOpen", function () {
    document.querySelectorAll("[data-refetch-on-open]").forEach(function (list) {
      htmx.ajax("GET", list.getAttribute("data-refetch-on-open"), { swap: "none" });
    });
  });

  // --- The site menu on a phone (a disclosure) ------------------------------------------------------
  // Without this the header shows every link (wrapping); with it, a narrow screen shows one row and
  // the menu button opens the navigation and the account actions below it. Escape closes it and gives
  // focus back to the button.
  function siteMenu() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".site-menu-button");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    function setOpen(open) {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("site-menu--open", open);
    }
    header.classList.add("site-header--menu");
    setOpen(false);
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || button.getAttribute("aria-expanded") !== "true") return;
      setOpen(false);
      button.focus();
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", siteMenu);
  else siteMenu();
})();
