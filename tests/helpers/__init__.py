"""One home for what tests share (STYLE.md, "Tests"): data (factories), clients as a role (clients),
sockets (sockets), one waiter (waiting), served processes (servers, browsers) and which real services
this run has (services). A test module imports from here, never from another test module."""
