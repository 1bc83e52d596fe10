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
    // In the caption bar above the code, where it covers no line.
    (block.querySelector(".code-source") || block).appendChild(button);
  }

  // The sidebar drawer (small screens): the button opens and closes it, by
  // mouse, touch or keyboard (it is a <button>: Enter and Space work); opening
  // moves focus to the first chapter; Escape, a tap beside it, or Tab out of it
  // closes it, and Escape gives focus back to the button.
  const toggle = document.querySelector(".menu-toggle");
  const sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    const setOpen = (open) => {
      sidebar.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", String(open));
    };
    toggle.addEventListener("click", () => {
      const open = !sidebar.classList.contains("open");
      setOpen(open);
      if (open) { const link = sidebar.querySelector("a"); if (link) link.focus(); }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && sidebar.classList.contains("open")) {
        setOpen(false);
        toggle.focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (sidebar.classList.contains("open") && !sidebar.contains(event.target) && !toggle.contains(event.target)) setOpen(false);
      // A section of this page, followed from the drawer: the drawer gets out of the way.
      if (sidebar.classList.contains("open") && event.target.closest && event.target.closest(".nav-sections a")) setOpen(false);
    });
    sidebar.addEventListener("focusout", (event) => {
      const next = event.relatedTarget;
      if (next && !sidebar.contains(next) && next !== toggle && sidebar.classList.contains("open")) setOpen(false);
    });
  }

  // On a small screen the search box is narrow, and has no "/" key to advertise.
  const searchInput = document.getElementById("search-input");
  if (searchInput && window.matchMedia) {
    const narrow = window.matchMedia("(max-width: 820px)");
    const full = searchInput.getAttribute("placeholder");
    const fit = () => searchInput.setAttribute("placeholder", narrow.matches ? "Search…" : full);
    fit();
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
  }

  // The contents: mark the section being read.
  const tocLinks = Array.from(document.querySelectorAll(".page-toc a, .nav-sections a"));
  const targets = Array.from(new Set(tocLinks.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1)))).filter(Boolean)));
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
