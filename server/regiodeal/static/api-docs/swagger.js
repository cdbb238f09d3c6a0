// Swagger UI for /docs, with FastAPI's default options. A file rather than an inline script: the
// Content-Security-Policy allows scripts from this origin only. No online validator badge.
window.ui = SwaggerUIBundle({
  url: new URL("openapi.json", document.baseURI).href,
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
});
