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
  navigator.serviceWorker
    .register(script.getAttribute("data-worker"), { scope: "/" })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function (registration) {
      // A page the worker already served, it kept. This first one came before the worker:
      // ask it to keep this page now.
      if (navigator.serviceWorker.controller || !registration.active) return;
      registration.active.postMessage({ keep: location.href });
    })
    .catch(function () { /* no offline copy; nothing else changes */ });
})();
