// Gradus: progressive enhancement only. Every page and form works without this file; here the
// session form becomes a guided player (one exercise at a time, countdowns for holds, a rep
// count, "now the other side", pause, skip, "too hard") that fills in the same form at the end.
(function () {
  'use strict';
  // The person's time zone, from the browser, for the sign-up form and the account page: their
  // sessions and check-ins fall on their own day.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    Array.prototype.forEach.call(document.querySelectorAll('[data-browser-time-zone]'), function (el) {
      if (!el.value) { el.value = zone; }
    });
  } catch (e) { /* no Intl: the server counts days in UTC */ }
})();

(function () {
  'use strict';

  var form = document.getElementById('log-form');
  var root = document.getElementById('player');
  if (!form || !root || form.getAttribute('data-player') !== 'on') {
    return;
  }

  function $(id) { return document.getElementById(id); }
  function num(v) { var n = parseFloat(v); return isFinite(n) ? n : 0; }

  var speed = Math.min(100, Math.max(1, num(root.getAttribute('data-speed')) || 1));
  var itemsBox = $('items');
  var afterParts = $('after-parts');
  var ui = {
    progress: $('p-progress'), name: $('p-name'), dose: $('p-dose'), phase: $('p-phase'),
    big: $('p-big'), small: $('p-small'), bar: $('p-bar'), live: $('p-live'),
    start: $('p-start'), pause: $('p-pause'), done: $('p-done'), skip: $('p-skip'),
    hard: $('p-hard'), sound: $('p-sound'), easier: $('p-easier'), easierName: $('p-easier-name'),
    easierSteps: $('p-easier-steps'), useEasier: $('p-use-easier'), skip2: $('p-skip2'),
    noEasier: $('p-no-easier'), howto: $('p-howto'), finished: $('p-finished'),
    clock: root.querySelector('.p-clock'), controls: root.querySelector('.controls'),
    painBox: root.querySelector('.p-pain'), howtoWrap: $('p-howto-wrap')
  };

  var items = Array.prototype.map.call(form.querySelectorAll('.log-item'), function (li) {
    var d = li.dataset;
    var easierSrc = li.querySelector('.easier-src');
    return {
      li: li,
      name: d.name || '',
      dose: d.dose || '',
      sets: Math.max(1, num(d.sets)),
      reps: num(d.reps),
      hold: num(d.hold),
      minutes: num(d.minutes),
      side: d.side === 'true',
      spr: num(d.spr) || 4,
      box: li.querySelector('input[type="checkbox"]'),
      exField: li.querySelector('.ex-field'),
      howto: li.querySelector('.howto-body'),
      easier: easierSrc ? {
        id: easierSrc.getAttribute('data-id'),
        name: easierSrc.getAttribute('data-name'),
        steps: easierSrc.querySelector('ol')
      } : null,
      swapped: false
    };
  });
  if (!items.length) { return; }

  // ---- sound and vibration ----
  var soundOn = true;
  var audioCtx = null;
  function audio() {
    if (!audioCtx) {
      var AC = window.AudioContext || window.webkitAudioContext;
      if (AC) {
        try { audioCtx = new AC(); } catch (e) { audioCtx = null; }
      }
    }
    if (audioCtx && audioCtx.state === 'suspended') {
      audioCtx.resume().catch(function () {});
    }
    return audioCtx;
  }
  function beep(freq, ms) {
    if (!soundOn || !audioCtx) { return; }
    try {
      var c = audioCtx, t = c.currentTime;
      var o = c.createOscillator(), g = c.createGain();
      o.type = 'sine';
      o.frequency.value = freq;
      g.gain.setValueAtTime(0.0001, t);
      g.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
      g.gain.exponentialRampToValueAtTime(0.0001, t + ms / 1000);
      o.connect(g);
      g.connect(c.destination);
      o.start(t);
      o.stop(t + ms / 1000 + 0.02);
    } catch (e) { /* no sound is fine */ }
  }
  function buzz(ms) {
    if (navigator.vibrate && navigator.userActivation && navigator.userActivation.hasBeenActive) {
      try { navigator.vibrate(ms); } catch (e) { /* not available */ }
    }
  }

  // ---- state ----
  var cur = 0;
  var segs = [];
  var seg = 0;
  var elapsed = 0;
  var last = 0;
  var timer = null;
  var lastRep = 0;
  var maxPain = null;

  function say(text) {
    ui.live.textContent = '';
    window.setTimeout(function () { ui.live.textContent = text; }, 30);
  }
  function setState(s) { root.setAttribute('data-state', s); }
  function clock(secs) {
    secs = Math.max(0, Math.ceil(secs));
    if (secs < 60) { return String(secs); }
    var m = Math.floor(secs / 60), s = secs % 60;
    return m + ':' + (s < 10 ? '0' : '') + s;
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function segmentsFor(it) {
    var out = [];
    var sides = it.side ? 2 : 1;
    for (var s = 1; s <= it.sets; s++) {
      for (var side = 1; side <= sides; side++) {
        var where = it.side ? (side === 1 ? 'First side' : 'Other side') : '';
        if (side === 2) {
          out.push({ kind: 'switch', secs: 5, label: 'Now the other side', where: where, set: s });
        } else if (s > 1) {
          out.push({ kind: 'rest', secs: 20, label: 'Rest before set ' + s, where: '', set: s });
        }
        if (it.hold > 0) {
          var n = Math.max(1, it.reps);
          for (var r = 1; r <= n; r++) {
            out.push({ kind: 'hold', secs: it.hold, label: 'Hold', where: where, set: s, rep: r, of: n });
            if (r < n) {
              out.push({ kind: 'relax', secs: 3, label: 'Relax', where: where, set: s, rep: r, of: n });
            }
          }
        } else if (it.minutes > 0) {
          out.push({ kind: 'time', secs: it.minutes * 60, label: 'Keep going', where: where, set: s });
        } else if (it.reps > 0) {
          out.push({ kind: 'reps', secs: it.reps * it.spr, per: it.spr, label: 'Follow the count, slowly', where: where, set: s, of: it.reps });
        } else {
          out.push({ kind: 'time', secs: 30, label: 'Keep going', where: where, set: s });
        }
      }
    }
    return out;
  }

  function copyChildren(from, to) {
    while (to.firstChild) { to.removeChild(to.firstChild); }
    if (from) {
      Array.prototype.forEach.call(from.childNodes, function (n) { to.appendChild(n.cloneNode(true)); });
    }
  }

  function showItem() {
    var it = items[cur];
    ui.progress.textContent = 'Exercise ' + (cur + 1) + ' of ' + items.length;
    ui.name.textContent = it.name;
    ui.dose.textContent = it.dose;
    ui.phase.textContent = 'Get into position, then press Start.';
    var parts = [];
    if (it.hold > 0) {
      ui.big.textContent = clock(it.hold);
      parts.push('seconds per hold');
    } else if (it.minutes > 0) {
      ui.big.textContent = clock(it.minutes * 60);
      parts.push(it.minutes >= 1 ? 'minutes' : 'seconds');
    } else {
      ui.big.textContent = String(it.reps);
      parts.push(it.reps === 1 ? 'repetition' : 'repetitions');
    }
    if (it.side) { parts.push('both sides: we will tell you when to switch'); }
    ui.small.textContent = parts.join(' · ');
    ui.bar.value = 0;
    ui.easier.hidden = true;
    ui.noEasier.hidden = true;
    ui.start.hidden = false;
    ui.start.textContent = 'Start';
    ui.pause.hidden = true;
    if (it.swapped && it.easier) {
      var body = document.createElement('div');
      body.appendChild(it.easier.steps.cloneNode(true));
      copyChildren(body, ui.howto);
    } else {
      copyChildren(it.howto, ui.howto);
    }
    segs = segmentsFor(it);
    seg = 0;
    elapsed = 0;
    lastRep = 0;
    setState('ready');
  }

  function stopTimer() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
  }

  function announceSegment() {
    var s = segs[seg];
    var it = items[cur];
    var text;
    if (s.kind === 'hold') { text = 'Hold for ' + plural(s.secs, 'second', 'seconds') + (s.of > 1 ? ', ' + s.rep + ' of ' + s.of : ''); }
    else if (s.kind === 'relax') { text = 'Relax'; }
    else if (s.kind === 'switch') { text = 'Now the other side. Get ready.'; }
    else if (s.kind === 'rest') { text = s.label + ': ' + plural(s.secs, 'second', 'seconds'); }
    else if (s.kind === 'reps') { text = plural(s.of, 'repetition', 'repetitions') + ': ' + s.label; }
    else { text = s.label + ' for ' + clock(s.secs) + (s.secs >= 60 ? ' minutes' : ' seconds'); }
    if (s.where && s.kind !== 'switch' && (seg === 0 || segs[seg - 1].kind === 'switch')) { text = s.where + '. ' + text; }
    if (it.sets > 1 && s.kind !== 'rest' && s.kind !== 'relax') { text = 'Set ' + s.set + ' of ' + it.sets + '. ' + text; }
    say(text);
  }

  function render() {
    var s = segs[seg];
    var it = items[cur];
    ui.phase.textContent = s.label + (s.where && s.kind !== 'switch' ? ' (' + s.where.toLowerCase() + ')' : '');
    var setText = it.sets > 1 ? 'Set ' + s.set + ' of ' + it.sets : '';
    if (s.kind === 'reps') {
      var rep = Math.min(s.of, Math.floor(elapsed / s.per) + 1);
      ui.big.textContent = String(rep);
      ui.small.textContent = 'Rep ' + rep + ' of ' + s.of + (setText ? ' · ' + setText : '');
      if (rep !== lastRep) { lastRep = rep; if (rep > 1) { beep(520, 90); } }
    } else {
      ui.big.textContent = clock(s.secs - elapsed);
      var extra = s.rep ? 'Rep ' + s.rep + ' of ' + s.of : '';
      ui.small.textContent = [extra, setText].filter(Boolean).join(' · ');
    }
    ui.bar.value = Math.min(1000, Math.round(1000 * elapsed / s.secs));
  }

  function tick() {
    var now = performance.now();
    elapsed += (now - last) / 1000 * speed;
    last = now;
    var s = segs[seg];
    if (elapsed >= s.secs) {
      if (s.kind === 'hold' || s.kind === 'time' || s.kind === 'reps') { beep(880, 220); buzz(150); }
      else { beep(660, 120); }
      seg += 1;
      elapsed = 0;
      lastRep = 0;
      if (seg >= segs.length) {
        completeItem('done');
        return;
      }
      announceSegment();
    }
    render();
  }

  function run() {
    last = performance.now();
    stopTimer();
    timer = window.setInterval(tick, 100);
    setState('running');
    ui.start.hidden = true;
    ui.pause.hidden = false;
    ui.pause.textContent = 'Pause';
  }

  function start() {
    audio();
    ui.easier.hidden = true;
    ui.noEasier.hidden = true;
    if (root.getAttribute('data-state') === 'ready') {
      announceSegment();
      render();
    } else {
      say('Going again');
    }
    run();
    ui.pause.focus();
  }

  function pause() {
    if (root.getAttribute('data-state') !== 'running') { return; }
    stopTimer();
    setState('paused');
    ui.pause.hidden = true;
    ui.start.hidden = false;
    ui.start.textContent = 'Resume';
    ui.start.focus();
    say('Paused');
  }

  function completeItem(how) {
    stopTimer();
    var it = items[cur];
    it.box.checked = how === 'done';
    it.li.classList.toggle('skipped', how !== 'done');
    if (cur + 1 >= items.length) {
      finish();
      return;
    }
    cur += 1;
    showItem();
    say((how === 'done' ? 'Done. ' : 'Skipped. ') + 'Next: ' + items[cur].name + ', ' + items[cur].dose + '. Press Start when you are ready.');
    ui.start.focus();
  }

  function finish() {
    stopTimer();
    setState('finished');
    ui.clock.hidden = true;
    ui.controls.hidden = true;
    ui.painBox.hidden = true;
    ui.howtoWrap.hidden = true;
    ui.dose.hidden = true;
    ui.easier.hidden = true;
    ui.noEasier.hidden = true;
    ui.progress.textContent = '';
    ui.name.hidden = true;
    ui.finished.hidden = false;
    itemsBox.hidden = false;
    afterParts.hidden = false;
    if (maxPain !== null) {
      var r = form.querySelector('input[name="pain_during"][value="' + maxPain + '"]');
      if (r) { r.checked = true; }
    }
    beep(988, 300);
    say('Session complete. Answer the last questions and save.');
    ui.finished.focus();
  }

  function tooHard() {
    pause();
    var it = items[cur];
    if (it.easier && !it.swapped) {
      ui.easierName.textContent = it.easier.name;
      copyChildren(it.easier.steps, ui.easierSteps);
      ui.easier.hidden = false;
      ui.noEasier.hidden = true;
      ui.useEasier.focus();
    } else {
      ui.noEasier.hidden = false;
      ui.easier.hidden = true;
      ui.skip.focus();
    }
  }

  function useEasier() {
    var it = items[cur];
    if (!it.easier) { return; }
    it.swapped = true;
    it.exField.value = it.easier.id;
    it.name = it.easier.name + ' (easier version)';
    var label = it.li.querySelector('.item-name');
    if (label) { label.textContent = it.name; }
    showItem();
    say('Switched to ' + it.easier.name + '. Press Start when you are ready.');
    ui.start.focus();
  }

  // ---- wire up ----
  ui.start.addEventListener('click', start);
  ui.pause.addEventListener('click', pause);
  ui.done.addEventListener('click', function () { completeItem('done'); });
  ui.skip.addEventListener('click', function () { completeItem('skipped'); });
  ui.skip2.addEventListener('click', function () { completeItem('skipped'); });
  ui.hard.addEventListener('click', tooHard);
  ui.useEasier.addEventListener('click', useEasier);
  ui.sound.addEventListener('click', function () {
    soundOn = !soundOn;
    ui.sound.textContent = soundOn ? 'Mute the beeps' : 'Turn the beeps on';
    say(soundOn ? 'Beeps on' : 'Beeps muted');
  });
  Array.prototype.forEach.call(root.querySelectorAll('.pain-btn'), function (b) {
    b.addEventListener('click', function () {
      var v = parseInt(b.getAttribute('data-pain'), 10);
      Array.prototype.forEach.call(root.querySelectorAll('.pain-btn'), function (o) {
        o.setAttribute('aria-pressed', o === b ? 'true' : 'false');
      });
      maxPain = maxPain === null ? v : Math.max(maxPain, v);
      say('Pain ' + v + ' noted');
    });
  });
  // Space or P pauses and resumes while the player has focus.
  root.addEventListener('keydown', function (e) {
    if ((e.key === 'p' || e.key === 'P') && !e.ctrlKey && !e.metaKey && !e.altKey) {
      if (root.getAttribute('data-state') === 'running') { pause(); } else if (!ui.start.hidden) { start(); }
      e.preventDefault();
    }
  });

  root.hidden = false;
  itemsBox.hidden = true;
  afterParts.hidden = true;
  showItem();
})();
