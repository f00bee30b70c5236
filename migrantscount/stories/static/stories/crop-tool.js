// Progressive enhancement of a submission photo's crop (the moderator's "Make the
// public story" form). The four number fields crop_left/top/width/height (percent of
// the photo) stay the only thing submitted and the no-JS way to crop; this module
// draws their rectangle over the picture and writes them back when the rectangle is
// drawn (dragging outside it, or anywhere while it is the whole photo), moved or
// resized (its corners) with a pointer, or moved (arrow keys) and resized
// (Shift + arrow keys) from the keyboard.
const FIELDS = ["left", "top", "width", "height"];
const MIN_SIZE = 1;
const language = document.documentElement.lang || "en";
const number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });

const clampTo = (value, low, high) => Math.min(high, Math.max(low, value));
const rounded = (value) => Math.round(value * 10) / 10;

// Keeps the size, moves the rectangle back inside the photo.
const keptInsideBySliding = ({ left, top, width, height }) => {
    const w = clampTo(width, MIN_SIZE, 100);
    const h = clampTo(height, MIN_SIZE, 100);
    return { left: clampTo(left, 0, 100 - w), top: clampTo(top, 0, 100 - h), width: w, height: h };
};

// Keeps the position, shrinks the rectangle to stay inside the photo.
const keptInsideByShrinking = ({ left, top, width, height }) => {
    const l = clampTo(left, 0, 100 - MIN_SIZE);
    const t = clampTo(top, 0, 100 - MIN_SIZE);
    return {
        left: l,
        top: t,
        width: clampTo(width, MIN_SIZE, 100 - l),
        height: clampTo(height, MIN_SIZE, 100 - t),
    };
};

const fromCorners = (a, b) =>
    keptInsideByShrinking({
        left: Math.min(a.x, b.x),
        top: Math.min(a.y, b.y),
        width: Math.abs(b.x - a.x),
        height: Math.abs(b.y - a.y),
    });

const KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

function setUp(tool) {
    const form = tool.closest("form");
    const inputs = {};
    for (const name of FIELDS) inputs[name] = form?.elements.namedItem(`crop_${name}`);
    if (FIELDS.some((name) => !inputs[name])) return;
    const stage = tool.querySelector("[data-crop-stage]");
    const image = tool.querySelector("[data-crop-image]");
    const box = tool.querySelector("[data-crop-box]");
    const status = tool.querySelector("[data-crop-status]");

    const read = () => {
        const crop = {};
        for (const name of FIELDS) {
            const value = Number.parseFloat(inputs[name].value);
            crop[name] = Number.isFinite(value) ? value : name === "width" || name === "height" ? 100 : 0;
        }
        return keptInsideByShrinking(crop);
    };
    const draw = (crop) => {
        for (const name of FIELDS) box.style[name] = `${crop[name]}%`;
        status.textContent = tool.dataset.statusTemplate.replace(
            /\{(left|top|width|height)\}/g,
            (_match, name) => number.format(crop[name]),
        );
    };
    const write = (crop) => {
        for (const name of FIELDS) inputs[name].value = String(rounded(crop[name]));
        draw(read());
    };

    for (const name of FIELDS) inputs[name].addEventListener("input", () => draw(read()));

    stage.addEventListener("pointerdown", (event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        const frame = stage.getBoundingClientRect();
        const at = (pointer) => ({
            x: clampTo(((pointer.clientX - frame.left) / frame.width) * 100, 0, 100),
            y: clampTo(((pointer.clientY - frame.top) / frame.height) * 100, 0, 100),
        });
        const start = at(event);
        const origin = read();
        const handle = event.target.dataset?.handle;
        // The whole photo cannot move: a drag on it draws a new crop.
        const movable = origin.width < 100 || origin.height < 100;
        const mode = handle ? "resize" : movable && box.contains(event.target) ? "move" : "draw";
        // A resize keeps the corner opposite the handle where it is.
        const anchor = {
            x: handle?.includes("w") ? origin.left + origin.width : origin.left,
            y: handle?.includes("n") ? origin.top + origin.height : origin.top,
        };
        stage.setPointerCapture(event.pointerId);
        box.focus({ preventScroll: true });
        const move = (pointer) => {
            const point = at(pointer);
            const dx = point.x - start.x;
            const dy = point.y - start.y;
            if (mode === "move") {
                write(keptInsideBySliding({ ...origin, left: origin.left + dx, top: origin.top + dy }));
            } else if (mode === "resize") {
                write(fromCorners(anchor, point));
            } else if (Math.abs(dx) >= MIN_SIZE || Math.abs(dy) >= MIN_SIZE) {
                write(fromCorners(start, point)); // a click alone draws nothing
            }
        };
        const end = () => {
            stage.removeEventListener("pointermove", move);
            stage.removeEventListener("pointerup", end);
            stage.removeEventListener("pointercancel", end);
        };
        stage.addEventListener("pointermove", move);
        stage.addEventListener("pointerup", end);
        stage.addEventListener("pointercancel", end);
    });

    box.addEventListener("keydown", (event) => {
        const delta = KEYS[event.key];
        if (!delta || event.altKey || event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        const [dx, dy] = delta;
        const crop = read();
        if (event.shiftKey) {
            write(keptInsideByShrinking({ ...crop, width: crop.width + dx, height: crop.height + dy }));
        } else {
            write(keptInsideBySliding({ ...crop, left: crop.left + dx, top: crop.top + dy }));
        }
    });

    image.addEventListener("load", () => {
        tool.hidden = false;
        draw(read());
    });
    image.src = image.dataset.src; // fetched only when the tool can be used
}

for (const tool of document.querySelectorAll("[data-crop-tool]")) setUp(tool);
