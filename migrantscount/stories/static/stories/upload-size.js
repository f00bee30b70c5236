// The public story form: check the size of the chosen files before sending. A body
// over the server's cap is refused (413) before Django reads it, so the server
// cannot give the text back; here nothing is sent, every field stays as typed, and
// the message says which file is too large and the limit. Limits come from the
// page (data-max-request-bytes on the form, data-max-bytes on a file input: the
// settings the server enforces). Without JavaScript the server's 413 page stays.
const MEGABYTE = 1024 * 1024;
// Multipart boundaries and headers per field, a generous allowance.
const PER_FIELD_OVERHEAD = 512;
const language = document.documentElement.lang || "en";
const megabytes = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });

const fill = (template, values) =>
    template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? values[name] : match));

const bodySize = (form) => {
    let total = 0;
    const encoder = new TextEncoder();
    for (const [name, value] of new FormData(form)) {
        total += PER_FIELD_OVERHEAD + encoder.encode(name).length;
        total += typeof value === "string" ? encoder.encode(value).length : value.size;
    }
    return total;
};

const chosenFiles = (form) =>
    [...form.querySelectorAll("input[type=file]")].flatMap((input) =>
        [...input.files].map((file) => ({ input, file })),
    );

// The first problem found, as a sentence, or null when the form may be sent.
const problem = (form, messages) => {
    const files = chosenFiles(form);
    for (const { input, file } of files) {
        const limit = Number(input.dataset.maxBytes);
        if (limit && file.size > limit) {
            return {
                input,
                text: fill(messages.file, {
                    name: file.name,
                    size: megabytes.format(file.size / MEGABYTE),
                    limit: megabytes.format(Math.floor(limit / MEGABYTE)),
                }),
            };
        }
    }
    const cap = Number(form.dataset.maxRequestBytes);
    if (cap && files.length && bodySize(form) > cap) {
        const largest = files.reduce((a, b) => (b.file.size > a.file.size ? b : a));
        return {
            input: largest.input,
            text: fill(messages.total, {
                name: largest.file.name,
                size: megabytes.format(largest.file.size / MEGABYTE),
                limit: megabytes.format(Math.floor(cap / MEGABYTE)),
            }),
        };
    }
    return null;
};

for (const form of document.querySelectorAll("form[data-max-request-bytes]")) {
    const region = form.querySelector("[data-size-message]");
    if (!region) continue;
    const messages = {
        heading: region.dataset.heading,
        file: region.dataset.fileTooLarge,
        total: region.dataset.totalTooLarge,
        kept: region.dataset.kept,
    };
    const clear = () => region.replaceChildren();
    form.addEventListener("change", (event) => {
        if (event.target.type === "file") clear();
    });
    form.addEventListener("submit", (event) => {
        const found = problem(form, messages);
        if (!found) {
            clear();
            return;
        }
        event.preventDefault();
        const box = document.createElement("div");
        box.className = "form-errors";
        box.tabIndex = -1;
        const heading = document.createElement("h2");
        heading.textContent = messages.heading;
        const text = document.createElement("p");
        text.textContent = found.text;
        const link = document.createElement("a");
        link.href = `#${found.input.id}`;
        link.textContent = messages.kept;
        const kept = document.createElement("p");
        kept.append(link);
        box.append(heading, text, kept);
        region.replaceChildren(box);
        box.focus();
    });
}
