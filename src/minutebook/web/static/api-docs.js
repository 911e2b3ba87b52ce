// Starts Swagger UI on /api/docs; a file rather than an inline script so the CSP stays strict.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
