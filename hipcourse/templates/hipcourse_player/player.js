// The follow-along player. It keeps the clock and shows the segment it is in; the
// segments, their cues and every text come from hipcourse.models.routine (Python), in
// the JSON of #routine-data. Text goes into the page with textContent only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("routine-data").textContent);
  var segs = data.segments, steps = data.steps, total = data.total_s;
  var $ = function (id) { return document.getElementById(id); };
  var root = $("player");
  var state = { elapsed: 0, running: false, paused: false, done: false, t0: 0, base: 0,
                skipped: 0, timer: null, lastStep: null };
  var audio = null, wakeLock = null, beeps = 0;

  function text(el, value) { el.textContent = value == null ? "" : String(value); }
  function clock(s) { s = Math.max(0, Math.round(s)); return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2); }
  function segIndex(t) {
    for (var i = 0; i < segs.length; i++) { if (t < segs[i].start_s + segs[i].duration_s) return i; }
    return segs.length - 1;
  }
  function cuesBetween(lo, hi, includeLo) {
    var out = [];
    segs.forEach(function (seg) { seg.cues.forEach(function (c) {
      if ((includeLo ? lo <= c.at_s : lo < c.at_s) && c.at_s <= hi) out.push(c); }); });
    return out;
  }

  // ---------------------------------------------------------------- sound
  function beep(kind) {
    var tone = data.tones[kind];
    if (!audio || !tone || !$("sound").checked) return;
    var t = audio.currentTime + 0.02;
    tone.hz.forEach(function (hz) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.frequency.value = hz; osc.type = "sine";
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.35, t + 0.01);
      gain.gain.setValueAtTime(0.35, t + tone.s - 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + tone.s);
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(t); osc.stop(t + tone.s + 0.01);
      t += tone.s;
    });
    beeps += 1; root.dataset.beeps = String(beeps);
  }
  function voices() { return ("speechSynthesis" in window) ? window.speechSynthesis.getVoices() : []; }
  function say(words) {
    if (!$("speech").checked || !voices().length) return;
    var u = new SpeechSynthesisUtterance(words);
    u.rate = 1.0; window.speechSynthesis.speak(u);
  }
  function play(cues) {
    if (!cues.length) return;
    var kinds = cues.map(function (c) { return c.kind; });
    var kind = data.cue_priority.filter(function (k) { return kinds.indexOf(k) >= 0; })[0];
    beep(kind);
    var words = cues.filter(function (c) { return c.kind === kind; }).map(function (c) { return c.text; });
    if (kind !== "count") say(words.join(". "));
  }
  function startAudio() {   // must run inside the tap: phones only allow sound after one
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) { root.dataset.audio = "unavailable"; return; }
      if (!audio) audio = new Ctx();
      if (audio.state === "suspended") audio.resume();
      root.dataset.audio = audio.state;
      audio.onstatechange = function () { root.dataset.audio = audio.state; };
    } catch (e) { root.dataset.audio = "unavailable"; }
  }

  // ---------------------------------------------------------------- screen
  function keepAwake() {
    if (!("wakeLock" in navigator) || !window.isSecureContext) {
      root.dataset.wakeLock = "unavailable";
      text($("status"), "This browser cannot keep the screen awake here: set your screen to stay on, or open the player file itself.");
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock; root.dataset.wakeLock = "on";
      text($("status"), "The screen stays on while the timer runs.");
      lock.addEventListener("release", function () { if (wakeLock === lock) { wakeLock = null; root.dataset.wakeLock = "off"; } });
    }, function () {
      root.dataset.wakeLock = "refused";
      text($("status"), "The browser did not allow keeping the screen on (battery saver?).");
    });
  }
  function letSleep() { if (wakeLock) { var l = wakeLock; wakeLock = null; l.release(); } root.dataset.wakeLock = "off"; }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && state.running && !state.paused && !wakeLock) keepAwake();
  });

  // ---------------------------------------------------------------- display
  function showStep(k) {
    if (state.lastStep === k) return;
    state.lastStep = k;
    var fig = $("picture"), cues = $("cues");
    fig.textContent = ""; cues.textContent = "";
    if (k < 0) { text($("stretch"), ""); text($("dose"), ""); text($("cautions"), ""); return; }
    var st = steps[k], pic = data.pictures[st.id];
    if (pic.src) {
      var img = document.createElement("img"); img.src = pic.src; img.alt = pic.alt; fig.appendChild(img);
    } else {
      var card = document.createElement("div"); card.className = "card"; card.setAttribute("role", "img");
      card.setAttribute("aria-label", pic.alt);
      var ol = document.createElement("ol");
      pic.setup.forEach(function (s) { var li = document.createElement("li"); text(li, s); ol.appendChild(li); });
      card.appendChild(ol); fig.appendChild(card);
    }
    text($("stretch"), (k + 1) + ". " + st.name);
    text($("dose"), st.dose + " · " + st.position);
    st.cues.forEach(function (c) { var li = document.createElement("li"); text(li, c); cues.appendChild(li); });
    text($("cautions"), st.cautions.join(" "));
    var nx = steps[k + 1];
    text($("next"), nx ? "Next: " + nx.name + " (" + nx.dose + ")" : "Next: done, after this stretch");
  }
  var PHASE = { "get-ready": "Get ready", "hold": "Hold", "switch": "Switch sides", "release": "Release" };
  function render() {
    var i = segIndex(state.elapsed), seg = segs[i];
    root.dataset.kind = seg.kind;
    var pct = total ? Math.min(100, 100 * state.elapsed / total) : 100;
    $("bar-fill").style.width = pct.toFixed(1) + "%";
    $("bar").setAttribute("aria-valuenow", String(Math.round(pct)));
    if (state.done || seg.kind === "done") {
      text($("phase"), "Done"); text($("count"), "✓");
      var skipped = state.skipped >= 1 ? " You skipped " + clock(state.skipped) + "." : "";
      text($("segment"), seg.text + skipped);
      text($("where"), "Well done.");
      text($("next"), ""); showStep(-1); return;
    }
    var left = Math.max(0, Math.ceil(seg.start_s + seg.duration_s - state.elapsed - 1e-9));
    text($("phase"), state.running ? PHASE[seg.kind] + (state.paused ? " (paused)" : "") : "Ready when you are");
    text($("count"), String(left));
    text($("segment"), seg.text);
    text($("where"), "Stretch " + (seg.step + 1) + " of " + steps.length + " · " + clock(total - state.elapsed) + " left of " + data.total_text);
    showStep(seg.step);
  }

  // ---------------------------------------------------------------- the clock
  function now() { return performance.now() / 1000; }
  function tick() {
    if (!state.running || state.paused || state.done) return;
    var before = state.elapsed;
    state.elapsed = Math.min(total, state.base + (now() - state.t0));
    play(cuesBetween(before, state.elapsed, false));
    if (state.elapsed >= total) finish();
    render();
  }
  function finish() {
    state.done = true; state.running = false; root.dataset.state = "done";
    clearInterval(state.timer); state.timer = null; letSleep();
    $("pause").disabled = true; $("skip").disabled = true; text($("start"), "Start again");
  }
  function start() {
    startAudio(); keepAwake();
    if ("speechSynthesis" in window && $("speech").checked) window.speechSynthesis.cancel();
    state.elapsed = 0; state.base = 0; state.t0 = now(); state.skipped = 0;
    state.running = true; state.paused = false; state.done = false; state.lastStep = null;
    root.dataset.state = "running";
    $("pause").disabled = false; $("skip").disabled = false; text($("pause"), "Pause");
    text($("start"), "Restart"); $("start").classList.remove("primary");
    if (state.timer) clearInterval(state.timer);
    state.timer = setInterval(tick, 200);
    play(cuesBetween(0, 0, true));
    if (total === 0) finish();
    render();
  }
  function togglePause() {
    if (!state.running) return;
    if (state.paused) { state.paused = false; state.base = state.elapsed; state.t0 = now(); root.dataset.state = "running"; text($("pause"), "Pause"); keepAwake(); }
    else { tick(); state.paused = true; root.dataset.state = "paused"; text($("pause"), "Resume"); }
    render();
  }
  function skip() {
    if (!state.running || state.done) return;
    var seg = segs[segIndex(state.elapsed)], end = seg.start_s + seg.duration_s;
    state.skipped += end - state.elapsed;
    state.elapsed = end; state.base = end; state.t0 = now();
    play(cuesBetween(end, end, true).filter(function (c) { return c.kind !== "end" && c.kind !== "count"; }));
    if (state.elapsed >= total) finish();
    render();
  }

  // ---------------------------------------------------------------- wiring
  $("start").addEventListener("click", start);
  $("pause").addEventListener("click", togglePause);
  $("skip").addEventListener("click", skip);
  var fs = $("fullscreen");
  if (!document.documentElement.requestFullscreen || !document.fullscreenEnabled) fs.hidden = true;
  fs.addEventListener("click", function () {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () { fs.hidden = true; });
  });
  document.addEventListener("keydown", function (e) {
    if (e.target && e.target.tagName === "INPUT") return;
    if (e.key === " ") { e.preventDefault(); if (state.running) togglePause(); else start(); }
    else if (e.key === "ArrowRight") skip();
  });
  var speech = $("speech");
  function checkVoices() {
    var ok = voices().length > 0;
    speech.disabled = !ok;
    if (!ok) { speech.checked = false; speech.parentNode.title = "No voice on this device: the beeps give the cues."; }
  }
  checkVoices();
  if ("speechSynthesis" in window) window.speechSynthesis.addEventListener("voiceschanged", checkVoices);
  text($("safety"), data.safety);
  if (!steps.length) { $("start").disabled = true; }
  render();
  window.hipcoursePlayer = { data: data, state: state };
})();
