"""Views of the consent app: consent forms, one person's consent, and the public personal-link pages."""
