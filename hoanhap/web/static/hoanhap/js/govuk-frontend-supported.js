// Load as the FIRST element inside <body>, as a classic, blocking script:
//   <script src="{% static 'hoanhap/js/govuk-frontend-supported.js' %}"></script>
// It replaces GOV.UK Frontend's inline template snippet, so a
// Content-Security-Policy of script-src 'self' (no 'unsafe-inline') is enough.
// Browsers that support ES modules get `govuk-frontend-supported` before first
// paint, so JavaScript-enhanced components do not flash unstyled.
(function () {
  var body = document.body;
  body.classList.add("js-enabled");
  if ("noModule" in HTMLScriptElement.prototype) {
    body.classList.add("govuk-frontend-supported");
  }
})();
