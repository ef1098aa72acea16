// htmx requests carry the console's CSRF token in its header, read from the page's meta tags (no inline script:
// the Content-Security-Policy allows only the vault's own files).
document.addEventListener("htmx:configRequest", function (event) {
  var header = document.querySelector('meta[name="csrf-header"]');
  var token = document.querySelector('meta[name="csrf-token"]');
  if (header && token) {
    event.detail.headers[header.content] = token.content;
  }
});

// The skip link moves the keyboard's focus into the main content, not only the view: a link to an element that
// takes no focus would leave the focus behind on the link in some browsers (without JavaScript the link still
// scrolls there and the next Tab starts from the main content).
document.addEventListener("click", function (event) {
  var skip = event.target.closest && event.target.closest("a.skip");
  var main = document.getElementById("main");
  if (skip && main) {
    event.preventDefault();
    main.setAttribute("tabindex", "-1");
    main.focus();
    main.scrollIntoView();
  }
});
