"""Plain-English wording offered when a team writes a new consent form; every line can be edited."""

from .models import ConsentScope

DEFAULT_STATEMENTS: dict[str, str] = {
    ConsentScope.INTERVIEW: (
        "I agree to take part in an interview about my work and how organisations in the city work together."
    ),
    ConsentScope.AUDIO_RECORDING: (
        "I agree that the interview can be audio-recorded. The recording will be typed up and then deleted."
    ),
    ConsentScope.ANONYMISED_QUOTES: (
        "I agree that my words can be quoted in reports, without my name or anything else that shows "
        "who I am."
    ),
    ConsentScope.WORKSHOPS: (
        "I agree to take part in workshops where people from different organisations come up with ideas "
        "together."
    ),
    ConsentScope.RECONTACT: "I agree that the research team can contact me again about this research.",
}

DEFAULT_INFORMATION_SHEET = "\n".join(
    [
        "What is this research about?",
        "We want to understand how the council, community groups, charities, public bodies and "
        "businesses can work together better.",
        "",
        "What would I be asked to do?",
        "You can choose what you take part in. Each part is explained below and you can say yes or no "
        "to each one.",
        "",
        "Do I have to take part?",
        "No. It is up to you. You can change your mind at any time without giving a reason.",
        "",
        "What happens to my information?",
        "We keep your name and contact details safely and only the research team can see them. "
        "In reports we use a code instead of your name. "
        "You can ask us to stop using your information, or to delete it, at any time.",
    ]
)
