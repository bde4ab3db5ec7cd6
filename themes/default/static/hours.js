// "Open now" for office hours: finds the current or next open interval in data the build
// computed for Europe/Berlin (holidays and closures applied) and fills in this language's
// label. Without JavaScript the table stays. Says nothing outside the period the data covers.
(function () {
  "use strict";
  function label(data, iv, open) {
    if (open) return data.open.replace("{time}", iv[6]);
    var date = data.date.replace("{weekday}", data.weekdays[iv[2]]).replace("{day}", String(iv[3])).replace("{month}", data.months[iv[4] - 1]);
    return data.opens.replace("{date}", date).replace("{time}", iv[5]);
  }
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
          if (now >= iv[0] && now < iv[1]) { open = true; text = label(data, iv, true); break; }
          if (iv[0] > now) { text = label(data, iv, false); break; }
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
