// An organisation's own Matomo, in cookieless mode only (MIGRANTSCOUNT_TRACKER =
// "matomo"; docs/analytics.md "Reach"): disableCookies comes before the page view.
const script = document.querySelector("script[data-matomo-url]");

if (script) {
  const url = script.dataset.matomoUrl;
  const queue = (window._paq = window._paq || []);
  queue.push(["disableCookies"]);
  queue.push(["setTrackerUrl", `${url}matomo.php`]);
  queue.push(["setSiteId", script.dataset.matomoSite]);
  queue.push(["trackPageView"]);
  queue.push(["enableLinkTracking"]);
  const tracker = document.createElement("script");
  tracker.async = true;
  tracker.src = `${url}matomo.js`;
  document.head.append(tracker);
}
