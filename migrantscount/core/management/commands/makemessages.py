from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # msgmerge's fuzzy guesses for new msgids were wrong more often than right (417
    # in the English catalogue, e.g. "Campaign dashboard" -> "name shown"), and an
    # untranslated entry is easier to find than a wrong one: never guess.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
