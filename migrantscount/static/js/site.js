// Progressive enhancement only: without JavaScript the menu is simply always shown.
document.documentElement.classList.replace("no-js", "js");

const toggle = document.querySelector(".menu-toggle");
const menu = document.getElementById("main-menu");
if (toggle && menu) {
    toggle.hidden = false;
    toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        menu.classList.toggle("is-open", open);
        if (open) menu.querySelector("a")?.focus();
    });
    document.addEventListener("keydown", (event) => {
        if (event.key === "Escape" && menu.classList.contains("is-open")) {
            toggle.setAttribute("aria-expanded", "false");
            menu.classList.remove("is-open");
            toggle.focus();
        }
    });
}
