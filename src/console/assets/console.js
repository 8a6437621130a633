// Live updates: the server says when the queue of this person's businesses changed; htmx
// refetches what is on the page. A new waiting thread changes the title and plays a short tone.
(function () {
  if (!window.EventSource || !document.getElementById("who")) return;
  var title = document.title, last = null;
  function tone() {
    try {
      var ctx = new (window.AudioContext || window.webkitAudioContext)();
      var o = ctx.createOscillator(); o.frequency.value = 880; o.connect(ctx.destination);
      o.start(); o.stop(ctx.currentTime + 0.15);
    } catch (e) { /* no sound before the first click: the title still says it */ }
  }
  var source = new EventSource("/console/events");
  source.addEventListener("queue", function (e) {
    var waiting = parseInt(e.data, 10) || 0;
    var count = document.getElementById("waiting-count");
    if (count) count.textContent = waiting > 0 ? String(waiting) : "";
    if (last !== null) {
      if (waiting > last) {
        document.title = "(" + waiting + " waiting) " + title;
        tone();
      }
      if (window.htmx) htmx.trigger(document.body, "queue-changed");
    }
    last = waiting;
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) document.title = title;
  });
})();
