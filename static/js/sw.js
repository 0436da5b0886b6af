// The portal's service worker: keeps the participant's plan and schedule pages readable
// without a signal. Served from /sw.js; see portal/schedule/offline.py for the rules.
//
// - Pages are fetched from the network first. A page that carries X-Offline-Copy is kept
//   (a page without it is never kept); the header's value stands for the participant.
// - Without a signal, a kept page is shown with its notice of when it was made.
// - A kept page's address answering without the header (signed out, session ended), or a
//   page for another participant, drops everything kept. Signing out clears it all too.
"use strict";

var PAGES = "portal-pages-v1";
var ASSETS = "portal-assets-v1";
var HEADER = "X-Offline-Copy";
var PATIENCE = 8000;  // milliseconds

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) { return name !== PAGES && name !== ASSETS; })
          .map(function (name) { return caches.delete(name); })
      );
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event, request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(request));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (typeof data.keep !== "string") return;
  var url = new URL(data.keep, self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(
    fetch(url.href, { credentials: "same-origin", redirect: "manual" })
      .then(function (response) { return remember(url.href, response); })
      .catch(function () {})
  );
});

function page(event, request) {
  var network = fetch(request);
  // Cloned before anyone reads the body; kept while the page is shown.
  event.waitUntil(
    network.then(function (response) { return remember(request.url, response.clone()); })
      .catch(function () {})
  );
  // A weak signal can take minutes to fail: after a while, show the kept copy instead.
  var slow = new Promise(function (resolve) { setTimeout(resolve, PATIENCE); })
    .then(function () { return kept(request.url); })
    .then(function (copy) { return copy || network; });
  return Promise.race([network, slow]).catch(function (error) {
    return kept(request.url).then(function (copy) {
      if (!copy) throw error;  // nothing kept: the browser's own offline page
      return copy;
    });
  });
}

function remember(url, response) {
  if (response.status >= 500) return Promise.resolve();  // a passing fault: keep what we have
  var owner = response.status === 200 ? response.headers.get(HEADER) : null;
  return caches.open(PAGES).then(function (cache) {
    if (!owner) {
      return cache.match(url, { ignoreVary: true }).then(function (kept) {
        if (kept) return forget();
      });
    }
    return cache.keys()
      .then(function (keys) { return keys.length ? cache.match(keys[0]) : null; })
      .then(function (other) {
        if (other && other.headers.get(HEADER) !== owner) return forget();
      })
      .then(function () { return response.text(); })
      .then(function (body) {
        var headers = { "Content-Type": "text/html; charset=utf-8" };
        headers[HEADER] = owner;
        return caches.open(PAGES)
          .then(function (fresh) { return fresh.put(url, new Response(body, { headers: headers })); })
          .then(function () { return keepStylesheets(body); });
      });
  });
}

// What a kept page needs to look right: its stylesheets, usually already in the browser's
// cache. Static files have a digest in their address, so a kept one never goes stale.
function keepStylesheets(body) {
  var found = body.match(/<link rel="stylesheet" href="[^"]+"/g) || [];
  return caches.open(ASSETS).then(function (cache) {
    return Promise.all(found.map(function (tag) {
      var href = new URL(tag.split('href="')[1].slice(0, -1), self.location.origin).href;
      return cache.match(href).then(function (kept) {
        if (kept) return null;
        return fetch(href).then(function (response) {
          if (response.ok) return cache.put(href, response);
        });
      });
    }));
  });
}

function forget() {
  return Promise.all([caches.delete(PAGES), caches.delete(ASSETS)]);
}

// The kept copy of a page, with its notice of when it was made made visible.
function kept(url) {
  return caches.open(PAGES)
    .then(function (cache) { return cache.match(url, { ignoreVary: true }); })
    .then(function (copy) {
      if (!copy) return null;
      return copy.text().then(function (body) {
        return new Response(body.replace("data-offline-notice hidden", "data-offline-notice"), {
          headers: { "Content-Type": "text/html; charset=utf-8" },
        });
      });
    });
}

// Stylesheets of kept pages from what was kept, anything else from the network.
function asset(request) {
  return caches.open(ASSETS)
    .then(function (cache) { return cache.match(request); })
    .then(function (kept) { return kept || fetch(request); });
}
