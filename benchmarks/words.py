"""Word lists for synthetic policies: enough variety that pages, tables and the search index
look like a real handbook's, at the cost of a few random picks per sentence."""

from __future__ import annotations

OWNERS = (
    "Chief Executive Officer", "Chief Customer Officer", "Chief Operating Officer", "Head of Contact Centre",
    "Head of Customer Experience", "Head of Retail Operations", "People & Culture", "Head of Logistics",
    "Head of Digital", "Head of Learning", "Finance Director", "IT Service Desk Lead", "Regional Store Director",
    "Head of Trade Accounts", "Head of Quality", "Head of Online Shop", "Facilities Manager",
)

TAGS = (
    "golden-rule", "internal-service", "culture", "leadership", "role-modelling", "response-times", "front-line",
    "phrases", "complaints", "deliveries", "returns", "refunds", "click-and-collect", "contact-centre", "email",
    "chat", "social-media", "stores", "trade-customers", "training", "onboarding", "recognition", "feedback",
    "voice-of-the-customer", "accessibility", "privacy", "hiring", "coaching", "escalation", "handover",
    "customer-visits", "listening", "quality", "measurement", "wellbeing", "teamwork", "follow-up", "promises",
    "plain-language", "safety",
)

TITLE_ADJECTIVES = (
    "Prompt", "Clear", "Friendly", "Honest", "Careful", "Personal", "Reliable", "Calm", "Consistent", "Fair",
    "Thoughtful", "Simple", "Courteous", "Proactive", "Accurate", "Warm", "Open", "Steady",
)
TITLE_TOPICS = (
    "replies", "handovers", "apologies", "follow-ups", "greetings", "explanations", "updates", "refunds",
    "escalations", "promises", "introductions", "callbacks", "answers", "welcomes", "goodbyes", "reminders",
    "check-ins", "corrections", "confirmations", "thank-yous",
)
TITLE_CONTEXTS = (
    "on the phone", "in stores", "by email", "in live chat", "on social media", "for trade customers",
    "after a complaint", "at click and collect", "for late deliveries", "between teams", "at the till",
    "during busy periods", "for returns", "for first-time customers", "for regular customers",
    "after a missed promise", "in writing", "in the warehouse", "for accessibility requests", "at closing time",
)
LEADER_TOPICS = (
    "customer visits", "listening sessions", "front-line shifts", "team huddles", "recognition notes",
    "complaint reviews", "call listening", "store walks", "skip-level conversations", "coaching sessions",
    "customer interviews", "service reviews", "training sessions", "feedback calls",
)

VERBS = (
    "Greet", "Answer", "Acknowledge", "Follow up on", "Log", "Explain", "Confirm", "Thank", "Check", "Record",
    "Pass on", "Review", "Resolve", "Apologise for", "Own", "Close", "Hand over", "Update the customer on",
    "Offer help with", "Write down",
)
OBJECTS = (
    "every customer", "each complaint", "a colleague's request", "the order", "the refund", "every question",
    "the delivery", "each callback", "the customer's problem", "every promise you make", "the return",
    "a missed appointment", "each message", "the customer's feedback", "every escalation", "the handover note",
    "a trade customer's enquiry", "each accessibility request", "a late delivery", "the waiting queue",
)
QUALIFIERS = (
    "within ten minutes", "before the end of your shift", "by name", "in plain words", "without passing it on",
    "on the same working day", "within two business hours", "before the customer has to ask", "in person where you can",
    "with a time attached", "calmly and politely", "in writing when it matters", "even when the queue is long",
    "as if it were your own", "within one business day", "before you go home", "with the next step spelled out",
    "in the customer's own words", "without jargon", "with a real apology",
)
REASONS = (
    "Customers remember how quickly we noticed them more than how quickly we fixed things.",
    "A clear next step turns a worried customer into a patient one.",
    "It shows the customer that the problem is now ours, not theirs.",
    "Colleagues who are treated well treat customers well.",
    "Small delays add up to a feeling that nobody cares.",
    "Writing it down means the next person does not have to ask the customer again.",
    "People trust a promise with a time attached.",
    "It keeps the conversation going instead of closing it.",
    "Plain words are faster to understand than internal codes and system names.",
    "A handover that loses details costs the customer a second explanation.",
    "Leaders who do this themselves make it normal for everyone else.",
    "It is cheaper to prevent a complaint than to repair the damage afterwards.",
    "Customers can tell the difference between a script and a person who cares.",
    "It gives managers an early warning before complaints tell us.",
    "Most customers are happy to wait when they know why and for how long.",
    "The first minute of a conversation sets the tone for the rest of it.",
)
EMPHASIS = ("**always**", "*before* anything else", "**in person**", "*politely*", "**on time**", "*first*")
LINK_TEXTS = ("the service guide", "the escalation checklist", "the training portal", "the returns guide", "the tone of voice guide")
SOURCES = (
    ("Customer Service in the C-Suite", "Shep Hyken"),
    ("Improving Customer Service Starts at the Top", None),
    ("Leading Customer Service", "Andy Uskavitch"),
    ("First the CEO must Serve Customers", None),
    ("The Ultimate Secret of Customer Excellence", None),
    ("Service Recovery in Practice", "J. Alvarez"),
    ("The Internal Customer", "M. Okafor"),
    ("What Customers Remember", "R. Lindqvist"),
    ("Plain Language at Work", "P. Nakamura"),
    ("Measuring What Matters in Service", "S. Brennan"),
)
SITUATIONS = (
    "A customer calls the contact centre.", "A customer writes to us by email.", "A customer starts a live chat.",
    "A customer is waiting at the till.", "A delivery is late or missing.", "A customer returns a faulty product.",
    "A trade customer asks for a quote.", "A customer posts a complaint on social media.",
    "A colleague asks another team for help.", "A customer asks a question nobody on shift can answer.",
    "A customer is upset or angry.", "A customer needs help because of a disability.",
    "An order was picked wrong in the warehouse.", "A customer asks to speak to a manager.",
)
PHRASES_USE = (
    "I'll sort that out for you.", "Here's what I can do.", "Thank you for waiting.", "Happy to help.",
    "Let me find that out for you.", "I'll call you back by four today.", "Would it help if I arranged that?",
    "I'm sorry this happened. Let's put it right.", "You're very welcome.", "I can see why that is frustrating.",
    "Let me check that for you now.", "Thanks for telling us.", "I'll stay with this until it is fixed.",
    "Here is exactly where things stand.", "Good to see you again.", "What would be most helpful right now?",
)
PHRASES_AVOID = (
    "It's company policy.", "No problem.", "You'll have to go online.", "Calm down.", "I don't know.",
    "The system is down.", "Sorry for any inconvenience.", "To be honest with you...", "That's not my department.",
    "You should have read the terms.", "There's nothing I can do.", "Someone will get back to you.",
    "We're very busy today.", "As I already said...", "That never happens.", "You must be mistaken.",
)
MEASURES = (
    "Answer the call", "First personal reply", "Full answer or an agreed plan", "Accept a chat",
    "Reply to each chat message", "Wait in the till queue", "Hand over a click-and-collect order",
    "First reply to a post or message", "Written reply to a letter", "Return a missed call",
    "Acknowledge an internal request", "Resolve an internal request",
)
EVIDENCE = (
    "A visit note with the date, who was there and one thing learned.", "An entry in the leadership log.",
    "An action with an owner and a date in the action tracker.", "A short summary shared with the team.",
    "A calendar entry alone does not count.", "Feedback from the colleagues who took part.",
    "The customer's own words, written down the same day.", "A follow-up closed within 30 days.",
)
CHANGE_SUMMARIES = (
    "First published version.", "Wording made plainer; no change in meaning.", "Added a statement on follow-ups.",
    "Target raised after the quarterly review.", "Audience widened to support functions.",
    "Response standard tightened for email.", "Added phrases suggested by the contact centre.",
    "Clarified who owns the handover.", "Statement on callbacks strengthened from should to must.",
    "Removed a duplicate statement and renumbered nothing.",
)
NO_REPLACEMENT = (
    "The store format this covered has closed.", "The channel it described is no longer offered.",
    "Its statements now live in the Golden Rule.", "The pilot it set up has ended.",
)
