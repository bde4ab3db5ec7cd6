// "Open now" for office hours: finds the current or next session in data the build computed
// for Europe/Berlin (holidays, closures and dated rules applied) and fills in this language's
// label. Each location's data is a script of its own (`offices/<office>/<location>-hours.js`,
// loaded with `defer` where the line is shown) that adds it to `window.quartierHours`; this
// script reads it once the page is parsed, when every deferred script has run. Without
// JavaScript the table stays. Outside the days the data covers, or when no session is left in
// them, it says how old the hours are and to call first.
(function () {
  "use strict";
  function dateText(data, iv) {
    return data.date.replace("{weekday}", data.weekdays[iv[2]]).replace("{day}", String(iv[3])).replace("{month}", data.months[iv[4] - 1]);
  }
  function find(list, now) {
    for (var i = 0; i < list.length; i++) {
      if (now >= list[i][0] && now < list[i][1]) return list[i];
    }
    return null;
  }
  function status(data, now) {
    if (!data) return ["", ""];
    if (now < data.from || now >= data.until) return [data.stale, "is-unknown"];
    var open = find(data.intervals, now);
    if (open) return [data.open.replace("{time}", open[6]), "is-open"];
    var uncertain = find(data.uncertain || [], now);
    if (uncertain) return [uncertain[2], "is-unknown"];
    for (var i = 0; i < data.intervals.length; i++) {
      var iv = data.intervals[i];
      if (iv[0] > now) {
        var closed = find(data.closed || [], now);
        var template = closed ? data.opens_reason.replace("{reason}", closed[2]) : data.opens;
        return [template.replace("{date}", dateText(data, iv)).replace("{time}", iv[5]), "is-closed"];
      }
    }
    return [data.stale, "is-unknown"];
  }
  function update() {
    var now = Date.now();
    var all = window.quartierHours || {};
    var items = document.querySelectorAll("[data-hours-for]");
    for (var n = 0; n < items.length; n++) {
      var el = items[n];
      var key = el.getAttribute("data-hours-for");
      var data = Object.prototype.hasOwnProperty.call(all, key) ? all[key] : null;
      var result = status(data, now);
      el.textContent = result[0];
      el.hidden = result[0] === "";
      el.className = "open-status " + result[1];
    }
  }
  function start() {
    update();
    setInterval(update, 60000);
  }
  // A deferred script runs before DOMContentLoaded, and the data scripts after this one.
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
