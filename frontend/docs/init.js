// Swagger UI for the spec the running IIMS binary serves (same origin, no CDN).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    // Deep links put an <a> inside each operation's toggle <button> (nested interactive
    // controls, which screen readers cannot operate); keep operations plain buttons.
    deepLinking: false,
    onComplete: labelUnnamedControls,
  });
  // Operations render their parameter inputs when expanded; label those as they appear.
  new MutationObserver(labelUnnamedControls).observe(document.getElementById("swagger-ui"), { childList: true, subtree: true });
});

// Swagger UI renders some form controls without an accessible name; name them after their
// parameter (or the server list).
function labelUnnamedControls() {
  var servers = document.getElementById("servers");
  if (servers && !servers.getAttribute("aria-label")) servers.setAttribute("aria-label", "Server");
  var controls = document.querySelectorAll("tr[data-param-name] input, tr[data-param-name] select, tr[data-param-name] textarea");
  for (var i = 0; i < controls.length; i++) {
    var control = controls[i];
    if (control.getAttribute("aria-label") || control.id) continue;
    var row = control.closest("tr[data-param-name]");
    control.setAttribute("aria-label", row.getAttribute("data-param-name") + " (" + (row.getAttribute("data-param-in") || "parameter") + ")");
  }
}
