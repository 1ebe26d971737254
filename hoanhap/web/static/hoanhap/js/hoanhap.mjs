// Load at the end of <body>:
//   <script type="module" src="{% static 'hoanhap/js/hoanhap.mjs' %}"></script>
import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Initialise GOV.UK Frontend components in content that htmx swaps in. The
// parent is used as scope so a swapped element that itself has data-module is
// found; components that are already initialised raise InitError: ignore it.
// (htmx also fires htmx:load for <body> on page load: skip that one.)
document.addEventListener("htmx:load", function (event) {
  var element = event.detail && event.detail.elt;
  if (!(element instanceof Element) || element === document.body) {
    return;
  }
  initAll({
    scope: element.parentElement || element,
    onError: function (error) {
      if (!error || error.name !== "InitError") {
        console.error(error);
      }
    },
  });
});
