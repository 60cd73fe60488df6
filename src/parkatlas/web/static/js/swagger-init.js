// Starts the vendored Swagger UI on /docs (an inline script would break the CSP).
// The OpenAPI URL comes from the page: <div id="swagger-ui" data-openapi="/openapi.json">.
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!el || typeof window.SwaggerUIBundle !== "function") { return; }
  window.ui = window.SwaggerUIBundle({
    url: el.getAttribute("data-openapi"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // no validator badge: it would ask an outside service about our schema
    validatorUrl: null,
  });
}());
