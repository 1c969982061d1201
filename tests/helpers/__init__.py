"""One home for what tests share (STYLE.md, "Tests"); a test module imports from here, never from
another test module.

- factories: data, built through the services (members, meetings, ideas, teams, callouts, events)
- clients: clients as a role (client_for), the cookies of a member or a guest, HTMX's header
- sockets: sockets as the pages open them, and the sentinel that proves nothing more arrived
- waiting: one waiter, until(condition, timeout)
- matrices: the permission matrices shared with the abuse drills
- uploads, notified, tasks, queries, catalogue, interpreters: pictures to upload, who was notified,
  the task worker, queries in every thread, the Dutch catalogue, a fresh interpreter's settings
- servers, browsers, services: served processes, their plain clients, which real services this run has
"""
