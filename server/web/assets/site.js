// Optional: the pages are complete without it. It adds how long ago to each
// date as a hint (the HTML holds absolute dates only, since a cached "3 days
// ago" goes stale), and, once a post's comments are on screen, keeps them
// live: each change the server announces reloads the comments section.
"use strict";
const units = [["year", 31536e6], ["month", 2592e6], ["week", 6048e5], ["day", 864e5], ["hour", 36e5], ["minute", 6e4]];
function hint(root) {
	for (const t of root.querySelectorAll("time[datetime]")) {
		const ago = Date.now() - new Date(t.dateTime);
		const unit = units.find(([, ms]) => ago >= ms);
		const n = unit && Math.floor(ago / unit[1]);
		t.title = unit ? `${n} ${unit[0]}${n === 1 ? "" : "s"} ago` : "just now";
	}
}
hint(document);
const comments = document.getElementById("comments");
if (comments && comments.dataset.events && window.EventSource && window.IntersectionObserver) {
	const seen = new IntersectionObserver((entries) => {
		if (!entries.some((e) => e.isIntersecting)) return;
		seen.disconnect();
		new EventSource(comments.dataset.events).onmessage = async () => {
			const res = await fetch(location.pathname);
			if (!res.ok) return;
			const fresh = new DOMParser().parseFromString(await res.text(), "text/html").getElementById("comments");
			if (fresh) { document.getElementById("comments").replaceWith(fresh); hint(fresh); }
		};
	});
	seen.observe(comments);
}
