/// The site's one script: drag and drop onto the PDF upload form. The form works without it;
/// the script only fills the file field from a dropped file and submits the form.
enum CheckScript {
    static let javascript = """
        (function () {
          "use strict";
          var zones = document.querySelectorAll("[data-drop-zone]");
          Array.prototype.forEach.call(zones, function (zone) {
            var input = zone.querySelector("input[type=file]");
            var form = zone.closest("form");
            if (!input || !form || typeof DataTransfer === "undefined") { return; }
            zone.classList.add("drop-ready");
            ["dragenter", "dragover"].forEach(function (name) {
              zone.addEventListener(name, function (event) {
                event.preventDefault();
                zone.classList.add("drop-active");
              });
            });
            ["dragleave", "drop"].forEach(function (name) {
              zone.addEventListener(name, function () { zone.classList.remove("drop-active"); });
            });
            zone.addEventListener("drop", function (event) {
              event.preventDefault();
              var files = event.dataTransfer && event.dataTransfer.files;
              if (!files || files.length !== 1) { return; }
              input.files = files;
              form.submit();
            });
          });
        })();

        """
}
