// Progressive enhancement: the server shows times in the audience's zone; here each
// <time data-local-time> is rewritten in the reader's own zone, in the page language.
const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const language = document.documentElement.lang || "en";
const format = new Intl.DateTimeFormat(language, {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: zone,
});
const zoneName = (date) =>
    new Intl.DateTimeFormat(language, { timeZone: zone, timeZoneName: "long" })
        .formatToParts(date)
        .find((part) => part.type === "timeZoneName")?.value ?? zone;

const times = document.querySelectorAll("time[data-local-time]");
for (const element of times) {
    const date = new Date(element.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) continue;
    element.textContent = `${format.format(date)} (${zoneName(date)})`;
}
if (times.length) {
    for (const note of document.querySelectorAll("[data-zone-note]")) note.hidden = false;
}
