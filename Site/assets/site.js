// Reading aids: copy buttons on code, the sidebar drawer on small screens,
// and the current section marked in the page's contents.
"use strict";
(function () {
  // Copy buttons: added here, so a page without scripts shows no dead buttons.
  for (const block of document.querySelectorAll(".code-block")) {
    const code = block.querySelector("pre code");
    if (!code) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy this code");
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(code.innerText);
        button.textContent = "Copied";
      } catch (error) {
        const range = document.createRange();
        range.selectNodeContents(code);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        button.textContent = "Selected";
      }
      setTimeout(() => { button.textContent = "Copy"; }, 1500);
    });
    block.appendChild(button);
  }

  // The sidebar drawer.
  const toggle = document.querySelector(".menu-toggle");
  const sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    toggle.addEventListener("click", () => {
      const open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
      if (open) { const link = sidebar.querySelector("a"); if (link) link.focus(); }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && sidebar.classList.contains("open")) {
        sidebar.classList.remove("open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // The contents: mark the section being read.
  const tocLinks = Array.from(document.querySelectorAll(".page-toc a"));
  const targets = tocLinks.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1)))).filter(Boolean);
  if (targets.length > 0 && "IntersectionObserver" in window) {
    const observer = new IntersectionObserver((observed) => {
      for (const entry of observed) {
        if (!entry.isIntersecting) continue;
        for (const link of tocLinks) link.classList.toggle("active", link.hash === "#" + entry.target.id);
      }
    }, { rootMargin: "-10% 0px -75% 0px" });
    for (const target of targets) observer.observe(target);
  }
})();
