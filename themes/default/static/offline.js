// Registers the service worker (only over http/https; file:// has none) so visited pages work
// offline on a phone, and keeps the views linked with `data-keep-offline` at once.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var script = document.currentScript;
  if (!script) return;
  var worker = new URL("../sw.js", script.src);
  navigator.serviceWorker.register(worker.href).catch(function () { /* offline use is an extra */ });
  // The views to show at a counter are kept as soon as the page that links them was visited:
  // they are needed where there may be no network.
  if (!("caches" in window)) return;
  var keep = document.querySelectorAll("a[data-keep-offline]");
  if (keep.length === 0) return;
  caches.open("quartier-offline-v1").then(function (cache) {
    for (var i = 0; i < keep.length; i++) cache.add(keep[i].href).catch(function () { /* kept next time */ });
  });
})();
