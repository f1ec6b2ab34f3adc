// nonla console: tabs and a progress indicator. Every page works without this file; it only adds comfort.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const busy = document.querySelector(".busy");
  for (const form of document.querySelectorAll("form[data-busy]")) {
    form.addEventListener("submit", () => {
      if (busy) busy.hidden = false;
      for (const button of form.querySelectorAll("button[type=submit]")) button.setAttribute("aria-busy", "true");
    });
  }
  for (const tabs of document.querySelectorAll(".tabs")) {
    const buttons = [...tabs.querySelectorAll("[role=tab]")];
    const show = (chosen) => {
      for (const b of buttons) {
        const on = b === chosen;
        b.setAttribute("aria-selected", String(on));
        b.tabIndex = on ? 0 : -1;
        document.getElementById(b.getAttribute("aria-controls")).hidden = !on;
      }
    };
    buttons.forEach((b, i) => {
      b.addEventListener("click", () => show(b));
      b.addEventListener("keydown", (e) => {
        const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
        if (step) { const next = buttons[(i + step + buttons.length) % buttons.length]; show(next); next.focus(); }
      });
    });
    if (buttons.length) show(buttons[0]);
  }
});
