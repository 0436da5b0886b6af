// Reading offline, progressively: registers the service worker (/sw.js) on the pages it may
// keep, and on the signed-out page removes everything it kept. Pages work the same without.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.isSecureContext) return;

  if (script.hasAttribute("data-forget")) {
    if (window.caches) {
      caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      });
    }
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.getRegistrations().then(function (registrations) {
        registrations.forEach(function (registration) { registration.unregister(); });
      });
    }
    return;
  }

  if (!("serviceWorker" in navigator)) return;
  // A page the worker served, it kept. A page that came before the worker (the first
  // visit) it is asked to keep once it runs.
  var servedByWorker = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker
    .register(script.getAttribute("data-worker"), { scope: "/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      if (!servedByWorker && registration.active) {
        registration.active.postMessage({ keep: location.href });
      }
    })
    .catch(function () { /* no offline copy; nothing else changes */ });
})();
