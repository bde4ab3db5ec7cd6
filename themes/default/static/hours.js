// "Open now" for office hours: picks the current or next open interval from data the build
// computed for Europe/Berlin (with holidays and closures). Without JavaScript the table stays.
// Says nothing outside the period the data covers.
(function () {
  "use strict";
  function update() {
    var now = Date.now();
    var items = document.querySelectorAll("[data-hours-for]");
    for (var n = 0; n < items.length; n++) {
      var el = items[n];
      var source = document.getElementById(el.getAttribute("data-hours-for"));
      var data = null;
      try { data = JSON.parse(source.textContent); } catch (e) { data = null; }
      var text = "";
      var open = false;
      if (data && now >= data.from && now < data.until) {
        for (var i = 0; i < data.intervals.length; i++) {
          var iv = data.intervals[i];
          if (now >= iv[0] && now < iv[1]) { text = iv[2]; open = true; break; }
          if (iv[0] > now) { text = iv[3]; break; }
        }
      }
      el.textContent = text;
      el.hidden = text === "";
      el.className = "open-status " + (open ? "is-open" : "is-closed");
    }
  }
  update();
  setInterval(update, 60000);
})();
