// The cookieless page-view beacon (analytics/beacon.py, docs/analytics.md "Reach"):
// one request per page with its path and query, language and referrer; no cookie is
// sent or set, nothing is stored in the browser.
const script = document.querySelector("script[data-reach-beacon]");

if (script && !navigator.webdriver) {
  const params = new URLSearchParams({
    p: location.pathname + location.search,
    r: document.referrer,
    l: document.documentElement.lang || "",
  });
  fetch(`${script.dataset.reachBeacon}?${params}`, {
    credentials: "omit",
    cache: "no-store",
    keepalive: true,
    referrerPolicy: "no-referrer",
  }).catch(() => {});
}
