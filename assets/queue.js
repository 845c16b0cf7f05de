// The visitors' pages of the queue: the call display (/anzeige/...) and a ticket's status
// page (/ticket/...). Each polls its small JSON answer; nothing is stored in the browser.
(function () {
  function poll(root, draw) {
    var address = root.getAttribute("data-state");
    var every = parseInt(root.getAttribute("data-poll"), 10) || 5000;
    function tick() {
      fetch(address, {cache: "no-store", credentials: "omit"})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (state) { if (state) { draw(state); } })
        .catch(function () { /* the next tick tries again */ })
        .finally(function () { window.setTimeout(tick, every); });
    }
    tick();
  }

  function beep() {
    try {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      var audio = new AudioContext();
      [0, 0.35].forEach(function (start, i) {
        var tone = audio.createOscillator();
        var gain = audio.createGain();
        tone.frequency.value = i === 0 ? 880 : 660;
        gain.gain.setValueAtTime(0.2, audio.currentTime + start);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.3);
        tone.connect(gain).connect(audio.destination);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.32);
      });
    } catch (e) { /* no sound on this screen */ }
  }

  function cell(text, tag) {
    var el = document.createElement(tag || "td");
    el.textContent = text;
    return el;
  }

  var display = document.getElementById("queue-display");
  if (display) {
    var seen = {};
    var first = true;
    var light = document.getElementById("queue-light");
    var languages = (light.getAttribute("data-languages") || "de").split(",");
    var rtl = (light.getAttribute("data-rtl") || "").split(",");
    var shown = 0;
    var texts = null;
    window.setInterval(function () {  // the wait in each language in turn
      if (!texts) { return; }
      shown = (shown + 1) % languages.length;
      var lang = languages[shown];
      light.lang = lang;
      light.dir = rtl.indexOf(lang) >= 0 ? "rtl" : "ltr";
      light.textContent = texts[lang].wait;
    }, 4000);
    poll(display, function (state) {
      var body = document.getElementById("queue-calls");
      body.textContent = "";
      var fresh = false;
      state.calls.forEach(function (call, i) {
        var row = document.createElement("tr");
        var key = call.label + "@" + call.count;
        if (!seen[key]) { fresh = fresh || !first; seen[key] = true; }
        if (i === 0) { row.className = "queue-call-latest"; }
        row.appendChild(cell(call.label, "th"));
        row.appendChild(cell(call.desk));
        body.appendChild(row);
      });
      document.getElementById("queue-none").hidden = state.calls.length > 0;
      var next = document.getElementById("queue-next");
      next.textContent = "";
      state.next.forEach(function (label) { next.appendChild(cell(label, "li")); });
      light.className = "queue-light queue-light-" + state.light.colour;
      texts = state.texts;
      light.textContent = texts[languages[shown]].wait;
      if (fresh) { beep(); }
      first = false;
    });
  }

  var ticket = document.getElementById("ticket-status");
  if (ticket) {
    poll(ticket, function (state) {
      document.getElementById("ticket-message").textContent = state.message;
      document.getElementById("ticket-ahead").textContent = state.ahead;
      var wait = document.getElementById("ticket-wait");
      wait.textContent = state.wait;
      wait.className = "queue-light-" + (state.light || "none");
      if (state.state === "called" && navigator.vibrate) { navigator.vibrate([300, 200, 300]); }
    });
  }
})();
