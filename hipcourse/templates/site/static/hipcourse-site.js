/* hipcourse course site: small fixes on top of sphinx-book-theme (no network, no library).
 *
 * The phone menu: pydata-sphinx-theme wires only the FIRST ".primary-toggle" (and
 * ".secondary-toggle") of the page, a navbar button that sphinx-book-theme hides; the
 * button a reader sees is the book theme's own, which then does nothing. Forward its
 * clicks to the wired one, which opens the contents (a modal dialog on a phone).
 *
 * The search buttons: their aria-label "Search" differs from what they show
 * ("Search… Ctrl+K"), which screen-reader users who speak a visible label cannot match
 * (axe: label-content-name-mismatch). Without the aria-label the name is the visible text.
 */
(function () {
  "use strict";
  function forwardToggles() {
    ["primary", "secondary"].forEach(function (kind) {
      var buttons = document.querySelectorAll("." + kind + "-toggle");
      var wired = buttons[0];
      Array.prototype.slice.call(buttons, 1).forEach(function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          wired.click();
        });
      });
    });
  }
  function nameSearchButtonsByTheirText() {
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      if (button.textContent.trim()) {
        button.removeAttribute("aria-label");
      }
    });
  }
  function ready() {
    forwardToggles();
    nameSearchButtonsByTheirText();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
