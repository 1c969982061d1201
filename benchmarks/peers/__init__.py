"""The peers our app is measured against: A, a raw websockets broadcast; B, the Channels tutorial."""
