"""The config the moderator-workflow tests share."""

RULES = """\
communities:
  demo:
    platform: matrix
    rooms: [general, random]
    mod_channel: mods
    moderators: {users: [mod, mod2, junior], power_level: 50}
    on_call: "@oncall"
    permissions:
      forceban: {power_level: 100}
    appeals: "Contest: write to appel@example.org"
    rules:
      insults:
        category: hate_harassment
        triggers: [{words: [connard]}]
        actions: [delete, warn, report]
      drugs:
        category: drugs
        triggers: [{words: [beuh]}]
        actions: [delete, {timeout: 1h}, report]
      secret:
        category: child_safety
        triggers: [{words: ["notre secret"]}]
        actions: [report]
"""
