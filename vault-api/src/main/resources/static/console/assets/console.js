// htmx requests carry the console's CSRF token in its header, read from the page's meta tags (no inline script:
// the Content-Security-Policy allows only the vault's own files).
document.addEventListener("htmx:configRequest", function (event) {
  var header = document.querySelector('meta[name="csrf-header"]');
  var token = document.querySelector('meta[name="csrf-token"]');
  if (header && token) {
    event.detail.headers[header.content] = token.content;
  }
});
