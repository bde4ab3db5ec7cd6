// Registers the service worker (only over http/https; file:// has none) so visited pages work
// offline on a phone.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  var script = document.currentScript;
  if (!script) return;
  var worker = new URL("../sw.js", script.src);
  navigator.serviceWorker.register(worker.href).catch(function () { /* offline use is an extra */ });
})();
