"""Phrase banks for the demo jam: forums, themes, people and comment texts.

Kept apart from :mod:`jam.demo` so the seeding logic stays readable. Every theme shares its
vocabulary across its titles and sentences, so ideas about the same thing read alike and the
theme-finding features have real clusters to discover. Templates may use the slots ``{unit}``,
``{city}``, ``{pct}`` and ``{n}``, filled in per idea.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One recognisable topic of a forum and the phrases ideas about it are built from.

    ``proposals[i]`` is the proposal that goes with ``titles[i]``, so most ideas say what their
    title promises; problems, benefits and comments fit any idea of the theme.
    """

    tags: tuple[str, ...]
    titles: tuple[str, ...]
    problems: tuple[str, ...]
    proposals: tuple[str, ...]
    benefits: tuple[str, ...]
    comments: tuple[str, ...] = ()
    titles_es: tuple[str, ...] = ()
    sentences_es: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForumContent:
    title: str
    question: str
    themes: tuple[Theme, ...]


JAM_TITLE = "Innovation Jam 2026"
JAM_DESCRIPTION = (
    "Three days, one conversation. For 72 hours everyone in the company, together with invited "
    "clients, university partners and city officials, is asked to shape what we do next: how we "
    "work, how we halve our footprint, how we delight customers and how our skills can make "
    "cities healthier.\n\n"
    "Post an idea, build on someone else's, vote for what you would fund. Moderators watch every "
    "forum around the clock; when the jam closes, the strongest themes go to the leadership team "
    "with a budget attached."
)

ORG_UNITS = ("Research", "Consulting", "Software", "Sales", "Operations", "Finance", "HR", "Design")

CITIES = (
    "Bangalore", "Dublin", "Austin", "São Paulo", "Nairobi", "Zurich", "Madrid", "Toronto",
    "Singapore", "Mexico City", "Kraków", "Tokyo",
)  # fmt: skip

# (display name, country) — employees; e-mails are derived from the names.
EMPLOYEES: tuple[tuple[str, str], ...] = (
    ("Priya Raman", "IN"), ("Lukas Becker", "DE"), ("Aisha Bello", "NG"),
    ("Mateo Fernández", "ES"), ("Mei Chen", "CN"), ("James O'Connor", "IE"),
    ("Fatima Zahra El Idrissi", "MA"), ("Hiroshi Tanaka", "JP"), ("Olivia Smith", "US"),
    ("Rafael Souza", "BR"), ("Ingrid Johansson", "SE"), ("Kwame Mensah", "GH"),
    ("Sofia Rossi", "IT"), ("Daniel Cohen", "IL"), ("Ananya Iyer", "IN"),
    ("Tomasz Kowalski", "PL"), ("Valentina García", "MX"), ("Noah Williams", "AU"),
    ("Chloé Martin", "FR"), ("Wanjiru Kamau", "KE"), ("Arjun Mehta", "IN"),
    ("Emma Müller", "CH"), ("Diego Herrera", "CO"), ("Yuki Sato", "JP"),
    ("Grace Kim", "KR"), ("Samuel Adeyemi", "NG"), ("Laura Schmidt", "DE"),
    ("Carlos Mendoza", "AR"), ("Hannah Brown", "GB"), ("Nguyen Thi Lan", "VN"),
    ("Omar Haddad", "EG"), ("Isabel Torres", "ES"), ("Ethan Clarke", "CA"),
    ("Zanele Dlamini", "ZA"), ("Ravi Shankar", "SG"), ("Marta Nowak", "PL"),
    ("Lucas Oliveira", "BR"), ("Sara Lindqvist", "SE"), ("Ahmed Khan", "PK"),
    ("Camila Rojas", "CL"),
)  # fmt: skip

# (display name, country, organisation) — outside guests who come in with an invitation code.
GUESTS: tuple[tuple[str, str, str], ...] = (
    ("Ana Gómez", "MX", "tec.example"), ("Peter Novak", "CZ", "citylab.example"),
    ("Julia Weber", "AT", "uni-wien.example"), ("Kofi Boateng", "GH", "clientco.example"),
    ("Elena Petrova", "BG", "clientco.example"), ("Marco Bianchi", "IT", "polimi.example"),
    ("Leila Nasser", "JO", "citylab.example"), ("Tom Fischer", "DE", "tec.example"),
)  # fmt: skip

SPANISH_COUNTRIES = frozenset({"ES", "MX", "AR", "CO", "CL"})
EMOJI = ("💡", "🚀", "🌱", "♻️", "🙌", "🚲", "☀️", "🤝", "👍", "🔥")

FORUMS: tuple[ForumContent, ...] = (
    ForumContent(
        title="Future of Work",
        question=(
            "How will we work, learn and collaborate in 2030 — and what should we start "
            "changing this year?"
        ),
        themes=(
            Theme(
                tags=("four-day-week", "flexibility", "wellbeing"),
                titles=(
                    "Pilot a four-day week in {unit}",
                    "Four-day week: let's test it properly",
                    "32-hour week with full pay for a six-month trial",
                    "Flexible hours instead of fixed core time",
                    "Try a compressed work week in {city}",
                ),
                problems=(
                    "Burnout is the number one reason people in {unit} give when they leave.",
                    "Most of us already answer e-mails on Friday evening, so the five-day week is "
                    "really a six-day week.",
                    "Teams in {city} say they lose the last day of every week to status updates.",
                ),
                proposals=(
                    "Let's run a six-month four-day-week pilot in {unit} with no change in pay.",
                    "Start with {n} volunteer teams, agree on clear goals up front and compare "
                    "them with teams that keep five days.",
                    "Give each team the choice of a 32-hour week, measured on outcomes instead of "
                    "hours.",
                    "Replace core hours with a simple rule: be reachable four hours a day, plan "
                    "the rest yourself.",
                    "Let the {city} office try four ten-hour days for a quarter and compare the "
                    "results with other sites.",
                ),
                benefits=(
                    "Other companies that tried it kept the same output and cut sick days by "
                    "{pct}%.",
                    "It would make us far more attractive to the people we keep losing to "
                    "start-ups.",
                    "People would come back rested on Monday instead of already tired.",
                ),
                comments=(
                    "We did a four-day pilot in our team last year; output stayed the same, "
                    "morale went way up.",
                    "How would this work for customer-facing roles that need five-day cover?",
                    "Would love to join a pilot. Count {unit} in.",
                ),
                titles_es=(
                    "Semana laboral de cuatro días en {unit}",
                    "Probemos la jornada de 32 horas",
                ),
                sentences_es=(
                    "Propongo un piloto de seis meses con semana de cuatro días y el mismo "
                    "salario.",
                    "Los equipos de {city} ya trabajan por objetivos, sería fácil medir el "
                    "resultado.",
                    "Menos horas, más foco y menos agotamiento.",
                ),
            ),
            Theme(
                tags=("remote-work", "hybrid", "office"),
                titles=(
                    "Turn half of the {city} office into team spaces",
                    "Hybrid work guidelines per team, not per company",
                    "Home-office budget for every employee",
                    "Office days that are actually worth the commute",
                    "Remote-first meetings by default",
                ),
                problems=(
                    "On office days we sit in video calls with people who are at home anyway.",
                    "The {city} office is {pct}% empty on Mondays and Fridays.",
                    "People who work remotely miss out on decisions taken in the corridor.",
                ),
                proposals=(
                    "Convert rows of empty desks into bookable team rooms with good screens and "
                    "whiteboards.",
                    "Let each team agree on two anchor days in the office and use them for "
                    "workshops, not calls.",
                    "Give everyone a one-off home-office budget for a proper chair and screen.",
                    "Plan office days around workshops, lunch together and mentoring, and leave "
                    "routine calls for home.",
                    "Make every meeting remote-first: one laptop per person, even in the same "
                    "room.",
                ),
                benefits=(
                    "Office time becomes collaboration time, and focus work happens at home.",
                    "We could sublet a floor and save real money on rent.",
                    "Remote colleagues get an equal voice in every discussion.",
                ),
                comments=(
                    "Anchor days work well in our team, but only if the whole team commits to "
                    "them.",
                    "Hybrid is great until the meeting room camera shows only the ceiling.",
                    "The {city} site already has bookable rooms; nobody knows how to book them.",
                ),
            ),
            Theme(
                tags=("ai", "automation", "productivity"),
                titles=(
                    "An AI assistant for every employee",
                    "Let AI write the first draft of our reports",
                    "Automate expense reports with AI",
                    "AI meeting notes with action items",
                    "Internal AI helpdesk for HR and IT questions",
                ),
                problems=(
                    "We spend hours every week on reports, expenses and forms nobody reads.",
                    "Finding the right internal policy takes longer than the task itself.",
                    "Half of the questions to the IT helpdesk are the same {n} questions.",
                ),
                proposals=(
                    "Roll out an AI assistant that knows our internal documents and can draft "
                    "reports, summaries and e-mails.",
                    "Let AI write the first draft of monthly reports from our project data, and "
                    "have people review and edit it.",
                    "Let an AI agent fill in expense reports from photos of receipts.",
                    "Use AI to record meetings, write the notes and send everyone their action "
                    "items.",
                    "Train an internal assistant on HR and IT policies so people get answers in "
                    "seconds.",
                ),
                benefits=(
                    "Even saving one hour a week per person adds up to thousands of hours a year.",
                    "People could spend their time on clients and ideas instead of paperwork.",
                    "Answers would be consistent across countries instead of depending on who "
                    "you ask.",
                ),
                comments=(
                    "Important to be clear about privacy: who sees the meeting recordings?",
                    "The assistant must say where its answer comes from, otherwise nobody will "
                    "trust it.",
                    "Our team in {unit} already tested something like this; happy to share "
                    "results.",
                ),
            ),
            Theme(
                tags=("learning", "mentoring", "career"),
                titles=(
                    "Reverse mentoring: juniors teach seniors",
                    "Internal gig marketplace for short projects",
                    "Four hours a week for learning, protected",
                    "Cross-unit job rotation for six months",
                    "Mentoring circles across countries",
                ),
                problems=(
                    "Skills change faster than our training catalogue.",
                    "It's easier to find a new job outside the company than a new role inside it.",
                    "Learning always loses against the next deadline.",
                ),
                proposals=(
                    "Pair senior leaders with junior colleagues who teach them new tools and "
                    "trends.",
                    "Create an internal marketplace where teams post short projects and anyone "
                    "can apply for a few hours a week.",
                    "Protect four hours a week for learning, visible in everyone's calendar.",
                    "Offer six-month rotations between {unit} and other units.",
                    "Form small mentoring circles of five people from different countries that "
                    "meet online once a month.",
                ),
                benefits=(
                    "People grow new skills on real work instead of slides.",
                    "We would keep our talent instead of training people for our competitors.",
                    "Knowledge would flow between units and countries.",
                ),
                comments=(
                    "Reverse mentoring changed how I use new tools. Highly recommend.",
                    "Managers need to be rewarded for letting people go to other projects.",
                    "A gig marketplace would have kept at least two people in my team.",
                ),
            ),
            Theme(
                tags=("meetings", "focus-time", "productivity"),
                titles=(
                    "No-meeting Wednesdays",
                    "Default meeting length of 25 minutes",
                    "Every meeting needs an agenda or it gets cancelled",
                    "Async updates instead of status meetings",
                    "Focus time blocks for the whole company",
                ),
                problems=(
                    "Many of us spend more than {pct}% of the week in meetings.",
                    "Status meetings repeat what is already written down somewhere.",
                    "There is no time left to think between back-to-back calls.",
                ),
                proposals=(
                    "Introduce one company-wide meeting-free day a week.",
                    "Make 25 and 50 minutes the default meeting lengths in the calendar tool.",
                    "Automatically decline invitations without an agenda.",
                    "Replace weekly status meetings with short written updates.",
                    "Block two hours of focus time every morning in everyone's calendar, with "
                    "chat notifications muted.",
                ),
                benefits=(
                    "Deep work would get done during the day instead of at night.",
                    "Fewer meetings mean better meetings.",
                    "Time zones would hurt less, because async updates work across them.",
                ),
                comments=(
                    "Our unit tried no-meeting Fridays; it lasted three weeks. It needs "
                    "leadership support.",
                    "Five minutes between meetings alone would be a huge win.",
                    "Agreed. Written updates also help colleagues in other time zones.",
                ),
            ),
        ),
    ),
    ForumContent(
        title="A Greener Planet",
        question="What would it take to halve our carbon footprint by 2030?",
        themes=(
            Theme(
                tags=("solar", "renewables", "energy"),
                titles=(
                    "Solar panels on every office roof",
                    "Buy 100% renewable power for all sites by 2028",
                    "Solar carports at the {city} campus",
                    "Smart building controls to cut energy use",
                    "Heat pumps instead of gas in our offices",
                ),
                problems=(
                    "Our offices still run largely on grid power from fossil fuels.",
                    "The {city} building heats and cools empty floors every weekend.",
                    "Energy prices have risen {pct}% and keep climbing.",
                ),
                proposals=(
                    "Install solar panels on every roof we own and solar carports on our car "
                    "parks.",
                    "Sign long-term contracts for renewable electricity for all sites.",
                    "Cover the {city} car park with solar carports and add chargers for electric "
                    "cars underneath.",
                    "Connect heating, lighting and cooling to occupancy sensors.",
                    "Replace gas boilers with heat pumps when they reach end of life.",
                ),
                benefits=(
                    "The panels would pay for themselves in about {n} years.",
                    "It would cut our site emissions by roughly {pct}%.",
                    "Employees could see a live energy dashboard for their own building.",
                ),
                comments=(
                    "The {city} roof was checked for solar in 2022; the structure can take it.",
                    "Add batteries too, otherwise most of the power is wasted at weekends.",
                    "Great idea. Could we share the dashboard with the neighbourhood?",
                ),
            ),
            Theme(
                tags=("travel", "trains", "carbon"),
                titles=(
                    "Trains instead of flights under 600 km",
                    "Carbon budget for business travel per team",
                    "Show the CO2 of every trip in the booking tool",
                    "Fewer conferences, better virtual events",
                    "One trip, several meetings: travel planning",
                ),
                problems=(
                    "Flights are the biggest part of our footprint in {unit}.",
                    "Nobody sees the carbon cost of a trip when booking it.",
                    "Many trips are for a single one-hour meeting.",
                ),
                proposals=(
                    "Make trains the default for every trip under 600 km.",
                    "Give each team a yearly carbon budget for travel, not just a money budget.",
                    "Show the CO2 of every option right in the booking tool.",
                    "Send fewer people to conferences and invest in virtual events that people "
                    "actually enjoy.",
                    "Bundle client visits so one trip covers several meetings.",
                ),
                benefits=(
                    "The train is often faster door to door, and you can work on it.",
                    "Business travel emissions could drop by {pct}% in a year.",
                    "People would get more time at home with their families.",
                ),
                comments=(
                    "Trains between {city} and the capital are faster than flying anyway.",
                    "Carbon budgets per team would create a real incentive. +1",
                    "Sometimes the client really wants to see us in person; let's keep that "
                    "option.",
                ),
                titles_es=(
                    "Tren en lugar de avión para viajes cortos",
                    "Presupuesto de carbono para viajes",
                ),
                sentences_es=(
                    "Los vuelos son la mayor parte de nuestra huella de carbono.",
                    "Propongo que el tren sea la opción por defecto en trayectos de menos de "
                    "600 km.",
                    "La herramienta de reservas debería mostrar el CO2 de cada viaje.",
                ),
            ),
            Theme(
                tags=("green-it", "data-centre", "energy"),
                titles=(
                    "Measure the carbon footprint of our software",
                    "Shut down idle cloud servers automatically",
                    "Run batch jobs when the grid is greenest",
                    "Reuse data-centre heat for nearby homes",
                    "Green coding guidelines for all teams",
                ),
                problems=(
                    "About {pct}% of our cloud servers sit idle most of the day.",
                    "Nobody knows how much energy our applications actually use.",
                    "Our data centres throw away huge amounts of heat.",
                ),
                proposals=(
                    "Add an energy and carbon report to every software release.",
                    "Automatically shut down test servers at night and on weekends.",
                    "Schedule heavy batch jobs for the hours when the grid runs on wind and sun.",
                    "Pipe waste heat from the {city} data centre into the district heating "
                    "network.",
                    "Write green coding guidelines and add an energy check to code reviews.",
                ),
                benefits=(
                    "Less energy and a smaller cloud bill at the same time.",
                    "We could offer green software as a service to our clients.",
                    "Developers would see the effect of their choices.",
                ),
                comments=(
                    "Idle servers are the easiest win; we saved {pct}% in {unit} last year.",
                    "Carbon-aware scheduling is built into some schedulers already.",
                    "Our clients ask about this in almost every tender now.",
                ),
            ),
            Theme(
                tags=("circular-economy", "e-waste", "recycling"),
                titles=(
                    "Refurbish laptops instead of replacing them",
                    "Keep laptops five years, not three",
                    "Donate old devices to schools",
                    "Repair café at the {city} office",
                    "Take-back programme for client hardware",
                ),
                problems=(
                    "We replace laptops every three years even when they still work fine.",
                    "Old phones and laptops end up in storage rooms for years.",
                    "E-waste is the fastest-growing waste stream in the world.",
                ),
                proposals=(
                    "Refurbish returned laptops with new batteries and drives and hand them out "
                    "again instead of buying new ones.",
                    "Extend the laptop cycle to five years with a battery replacement in the "
                    "middle.",
                    "Refurbish returned devices and give them to schools and NGOs in {city}.",
                    "Run a monthly repair café where colleagues fix each other's devices.",
                    "Offer clients a take-back and refurbishment service for old hardware.",
                ),
                benefits=(
                    "Making a laptop causes most of its lifetime emissions, so keeping it "
                    "longer helps most.",
                    "Schools get good equipment and we cut e-waste.",
                    "It would save about {pct}% of our hardware budget.",
                ),
                comments=(
                    "My laptop is four years old and works perfectly with a new battery.",
                    "We donated {n}0 laptops to a school in {city}; the kids loved them.",
                    "Data wiping must be certified, but that is solvable.",
                ),
            ),
            Theme(
                tags=("commuting", "cycling", "carpooling"),
                titles=(
                    "Bike leasing and showers at every office",
                    "E-bike sharing between offices",
                    "Carpool app for colleagues",
                    "Public transport passes instead of parking spaces",
                ),
                problems=(
                    "Most of us still drive to the office alone.",
                    "There is nowhere safe to park a bike at most of our sites.",
                    "The car park in {city} is full by 8:30 while the buses to the office run "
                    "half empty.",
                ),
                proposals=(
                    "Offer bike and e-bike leasing with secure parking and showers.",
                    "Put shared e-bikes at every office in {city} so people can ride between "
                    "sites and to the station.",
                    "Launch a carpool app matching colleagues who live near each other.",
                    "Give every employee a public transport pass and charge for parking spaces "
                    "instead.",
                ),
                benefits=(
                    "Healthier people and cleaner air around our offices.",
                    "Commuting emissions could drop by {pct}%.",
                    "It builds community: you get to know colleagues from other units.",
                ),
                comments=(
                    "Showers are the missing piece. I'd cycle every day if we had them.",
                    "A transport pass would make me leave the car at home tomorrow.",
                    "Carpooling worked at my old site until the app was shut down.",
                ),
            ),
            Theme(
                tags=("food-waste", "plant-based", "cafeteria"),
                titles=(
                    "Plant-based by default in the cafeteria",
                    "Stop cafeteria food waste with a pre-order app",
                    "Give leftover food to local charities",
                    "Compost at every site",
                ),
                problems=(
                    "The cafeteria in {city} throws away food every single day.",
                    "Food is about a quarter of our sites' footprint, and meat is most of that.",
                    "The kitchen never knows how many people will come to lunch.",
                ),
                proposals=(
                    "Make plant-based meals the default and meat the option.",
                    "Let people pre-order lunch so the kitchen cooks what is needed.",
                    "Partner with food banks in {city} to collect unsold meals every evening.",
                    "Compost all kitchen waste and use it in the gardens around our offices.",
                ),
                benefits=(
                    "Food waste could drop by {pct}% within months.",
                    "Plant-based meals have a fraction of the footprint of meat.",
                    "Good food goes to people who need it instead of the bin.",
                ),
                comments=(
                    "The pre-order idea worked at my previous employer; waste dropped a lot.",
                    "Please keep a good meat option, but plant-based by default is fine.",
                    "The food bank in {city} would pick up every evening, I asked them.",
                ),
            ),
        ),
    ),
    ForumContent(
        title="Customer Delight",
        question="How can we make every customer interaction effortless, personal and trustworthy?",
        themes=(
            Theme(
                tags=("self-service", "portal", "documentation"),
                titles=(
                    "One customer portal instead of {n} different logins",
                    "Self-service for the top 20 support requests",
                    "Documentation that customers can actually search",
                    "Let customers track their orders in real time",
                    "Self-service password and licence management",
                ),
                problems=(
                    "Customers need {n} different logins to work with us.",
                    "Most support tickets ask for things customers could do themselves.",
                    "Our documentation is spread over wikis, PDFs and old web pages.",
                ),
                proposals=(
                    "Build one customer portal with a single login for orders, licences, "
                    "invoices and support.",
                    "Turn the top 20 support requests into self-service flows.",
                    "Merge all documentation into one searchable site with examples.",
                    "Show order and delivery status live, like a parcel tracker.",
                    "Let customers reset passwords and move licences between users themselves, "
                    "without a ticket.",
                ),
                benefits=(
                    "Customers get answers at 3 a.m. without waiting for us.",
                    "Support could focus on the hard problems.",
                    "Ticket volume could drop by {pct}%.",
                ),
                comments=(
                    "Customers tell me the logins are their biggest frustration. +1",
                    "The portal should work well on phones too.",
                    "Let's start with invoices; that's where most of the calls come from.",
                ),
            ),
            Theme(
                tags=("chatbot", "ai", "support"),
                titles=(
                    "AI chatbot that hands over to a human smoothly",
                    "24/7 AI support in every language",
                    "AI that suggests answers to support agents",
                    "Chatbot that knows the customer's history",
                    "Use AI to route tickets to the right expert",
                ),
                problems=(
                    "Customers explain their problem three times before reaching the right person.",
                    "Support in {city} is closed when customers in other time zones need it.",
                    "Our current chatbot only answers a handful of questions.",
                ),
                proposals=(
                    "Build an AI assistant that answers common questions and passes the whole "
                    "conversation to a human when needed.",
                    "Offer support in the customer's own language, around the clock.",
                    "Let AI suggest draft answers to our support agents, who stay in control.",
                    "Give the chatbot the customer's history, so it knows their products and "
                    "open tickets before the first question.",
                    "Use AI to route every ticket to the expert who solved similar ones.",
                ),
                benefits=(
                    "Faster answers and happier customers.",
                    "Agents spend their time on the cases that need a person.",
                    "Response times could fall from hours to minutes.",
                ),
                comments=(
                    "The handover is everything. Nothing is worse than a bot you can't escape.",
                    "Agent assist is lower risk than a fully automatic bot. Start there?",
                    "We must tell customers clearly when they are talking to AI.",
                ),
                titles_es=(
                    "Chatbot con IA que pase a una persona",
                    "Soporte 24/7 en español con IA",
                ),
                sentences_es=(
                    "Muchos clientes en {city} necesitan soporte fuera de nuestro horario.",
                    "Un asistente con IA podría responder las preguntas frecuentes en español.",
                    "Cuando la pregunta es difícil, debe pasar la conversación a una persona.",
                ),
            ),
            Theme(
                tags=("proactive", "transparency", "status"),
                titles=(
                    "Tell customers about outages before they notice",
                    "Public status page for all our services",
                    "Proactive alerts when a contract is about to expire",
                    "Predict problems from usage data and call first",
                    "Honest incident reports within 48 hours",
                ),
                problems=(
                    "Customers often learn about our outages from their own users.",
                    "We know about many problems before the customer does, but we don't say "
                    "anything.",
                    "Contract renewals surprise customers every year.",
                ),
                proposals=(
                    "Send proactive alerts the moment monitoring detects a problem.",
                    "Publish a live status page for every service we run.",
                    "Remind customers 90 days before a contract ends, with a summary of what they "
                    "used.",
                    "Use usage data to spot customers who are struggling and call them first.",
                    "Share an honest incident report with root cause within 48 hours.",
                ),
                benefits=(
                    "Trust grows when we are open about problems.",
                    "Fewer angry calls during outages.",
                    "Renewals would stop being a surprise.",
                ),
                comments=(
                    "A public status page is table stakes; our competitors all have one.",
                    "Proactive calls saved a big account in {city} last year.",
                    "Legal will want to review incident reports, but it's worth it.",
                ),
            ),
            Theme(
                tags=("feedback", "co-creation", "nps"),
                titles=(
                    "Customer advisory board for every product",
                    "Close the loop on every piece of feedback",
                    "Invite customers to our jams",
                    "Let customers vote on the roadmap",
                    "Engineers spend a day with customers every quarter",
                ),
                problems=(
                    "Customer feedback disappears into surveys nobody reads.",
                    "Our engineers rarely meet the people who use what they build.",
                    "Customers don't know what happened to their suggestions.",
                ),
                proposals=(
                    "Set up customer advisory boards that meet twice a year.",
                    "Reply to every piece of feedback and tell people what we did with it.",
                    "Invite our biggest customers to the next jam and let them post ideas next to "
                    "ours.",
                    "Let customers vote on roadmap items in the portal.",
                    "Send engineers to spend one day a quarter with a customer.",
                ),
                benefits=(
                    "We build what customers need instead of what we guess.",
                    "Customers feel heard, and they stay longer.",
                    "Engineers come back with a list of small fixes that matter.",
                ),
                comments=(
                    "My day at a customer site taught me more than a year of tickets.",
                    "Roadmap voting needs care so the biggest customers don't dominate.",
                    "Closing the loop is so simple, yet we almost never do it.",
                ),
            ),
            Theme(
                tags=("onboarding", "accessibility", "design"),
                titles=(
                    "Onboarding in days, not months",
                    "Make every product accessible by default",
                    "A named success manager for the first 90 days",
                    "Plain language in all contracts and invoices",
                    "Accessibility testing with real users",
                ),
                problems=(
                    "New customers wait weeks before they get value from what they bought.",
                    "Several of our products fail basic accessibility checks.",
                    "Our contracts and invoices are hard to understand.",
                ),
                proposals=(
                    "Give every new customer a guided set-up with ready-made templates, so they "
                    "are productive in days.",
                    "Make accessibility part of the definition of done for every release.",
                    "Create a guided onboarding with a named success manager for 90 days.",
                    "Rewrite contracts and invoices in plain language.",
                    "Test new features with users who rely on screen readers.",
                ),
                benefits=(
                    "Customers see value in the first week.",
                    "Accessible products are better products for everyone.",
                    "Fewer billing questions to support.",
                ),
                comments=(
                    "Accessibility is also a legal requirement in many countries now.",
                    "Plain-language invoices would cut half of our billing calls.",
                    "We can reuse the onboarding checklist {unit} built last year.",
                ),
            ),
        ),
    ),
    ForumContent(
        title="Healthy Cities & Communities",
        question=(
            "How can our technology and skills make cities and communities healthier, safer "
            "and fairer?"
        ),
        themes=(
            Theme(
                tags=("telehealth", "healthcare", "rural"),
                titles=(
                    "Telehealth kiosks for rural villages",
                    "Remote monitoring for patients with chronic illness",
                    "AI triage to shorten waiting rooms",
                    "Health records patients can carry between clinics",
                    "Video consultations over low bandwidth",
                ),
                problems=(
                    "In many rural areas the nearest doctor is hours away.",
                    "Waiting rooms in {city} are full of people who only need advice.",
                    "Patients carry their history on paper between clinics.",
                ),
                proposals=(
                    "Set up telehealth kiosks in village pharmacies with a nurse on video.",
                    "Offer remote monitoring with simple devices for patients with diabetes or "
                    "heart disease.",
                    "Use an AI triage app so patients with simple questions get advice without "
                    "sitting in a waiting room.",
                    "Give patients a secure health record they control and can share.",
                    "Build video consultations that work on a weak mobile connection.",
                ),
                benefits=(
                    "People get care without travelling for a day.",
                    "Clinics could see {pct}% more patients with the same staff.",
                    "Problems are caught before they become emergencies.",
                ),
                comments=(
                    "We piloted something similar with a clinic near {city}; connectivity was "
                    "the hard part.",
                    "Privacy and consent must be designed in from day one.",
                    "Our health clients would partner on this, I'm sure.",
                ),
                titles_es=(
                    "Telemedicina para zonas rurales",
                    "Consultas por video con poca conexión",
                ),
                sentences_es=(
                    "En muchas zonas rurales el médico más cercano está a horas de distancia.",
                    "Propongo quioscos de telemedicina en farmacias de pueblo con enfermería "
                    "por video.",
                    "La solución tiene que funcionar con una conexión móvil débil.",
                ),
            ),
            Theme(
                tags=("mobility", "traffic", "public-transport"),
                titles=(
                    "Smart traffic lights that favour buses and bikes",
                    "One app for every way to get around {city}",
                    "Predict crowding on public transport",
                    "Safer school routes with traffic data",
                    "Open our route-planning tech to cities",
                ),
                problems=(
                    "Traffic in {city} costs people more than an hour a day.",
                    "Buses get stuck in the same traffic as cars.",
                    "Parents drive children to school because the route feels unsafe.",
                ),
                proposals=(
                    "Use sensors and AI so traffic lights give priority to buses and bikes.",
                    "Build one app that combines trains, buses, bikes and scooters with one "
                    "ticket.",
                    "Predict crowding on trains and tell people which carriage is empty.",
                    "Map dangerous crossings with traffic data and fix them first.",
                    "Offer our route-planning software to city transport agencies for free.",
                ),
                benefits=(
                    "Shorter journeys and cleaner air.",
                    "Public transport becomes the easy choice.",
                    "Children could walk or cycle to school safely.",
                ),
                comments=(
                    "{city} already publishes its traffic light data; we could start there.",
                    "One ticket for everything is the dream. Helsinki does something similar.",
                    "Safe school routes would be a great volunteering project too.",
                ),
                titles_es=("Semáforos inteligentes para buses y bicicletas",),
                sentences_es=(
                    "El tráfico en {city} nos cuesta más de una hora al día.",
                    "Con sensores e IA los semáforos podrían dar prioridad al transporte público.",
                ),
            ),
            Theme(
                tags=("open-data", "smart-city", "transparency"),
                titles=(
                    "Open data platform for mid-size cities",
                    "Air quality sensors on our office buildings",
                    "Help cities publish their budgets as open data",
                    "Hackathons with city open data",
                    "Noise and air maps for every neighbourhood",
                ),
                problems=(
                    "Most mid-size cities collect data they never publish.",
                    "Nobody knows the air quality on their own street.",
                    "Citizens can't see where their taxes go.",
                ),
                proposals=(
                    "Offer cities a simple open data platform as a pro bono project.",
                    "Put air quality sensors on our {n} largest office buildings and publish "
                    "the data.",
                    "Help cities publish their budgets in a form anyone can explore.",
                    "Organise hackathons where students build apps on city data.",
                    "Combine sensor data into noise and air-quality maps for every neighbourhood, "
                    "updated every hour.",
                ),
                benefits=(
                    "Citizens and start-ups can build services on the data.",
                    "Better data leads to better decisions about health and traffic.",
                    "It shows what our technology can do for the public good.",
                ),
                comments=(
                    "Air sensors are cheap now; this could start next month.",
                    "Data quality is the hard part, not the platform.",
                    "The city of {city} asked us exactly for this last year.",
                ),
            ),
            Theme(
                tags=("volunteering", "digital-inclusion", "education"),
                titles=(
                    "Digital skills classes for seniors",
                    "Two volunteering days a year for everyone",
                    "Coding clubs in local schools",
                    "Skills-based volunteering for NGOs",
                    "Laptop and mentoring for first-generation students",
                ),
                problems=(
                    "Many older people can't use online banking or book a doctor online.",
                    "NGOs in {city} need IT help but can't afford it.",
                    "Schools near our offices have no one to teach coding.",
                ),
                proposals=(
                    "Run weekly digital skills classes for seniors at our offices.",
                    "Give every employee two paid volunteering days a year.",
                    "Start coding clubs in local schools, run by volunteers from {unit}.",
                    "Match colleagues with NGOs that need their specific skills.",
                    "Give first-generation university students a refurbished laptop and a mentor "
                    "from our company for their first year.",
                ),
                benefits=(
                    "Communities get help, and we learn to explain technology simply.",
                    "Volunteering is one of the best team-building activities there is.",
                    "The next generation of talent gets to know us early.",
                ),
                comments=(
                    "I teach seniors on Saturdays; they are the most grateful students ever.",
                    "Skills-based volunteering is much more useful than painting walls.",
                    "Count me in for a coding club in {city}!",
                ),
                titles_es=(
                    "Clases de habilidades digitales para mayores",
                    "Voluntariado con nuestras habilidades",
                ),
                sentences_es=(
                    "Muchas personas mayores no pueden pedir cita médica por internet.",
                    "Propongo dos días de voluntariado pagados al año para todos.",
                    "Las ONG de {city} necesitan ayuda con tecnología y no la pueden pagar.",
                ),
            ),
            Theme(
                tags=("resilience", "disaster-response", "climate"),
                titles=(
                    "Flood early warning with sensors and AI",
                    "Heatwave alerts for vulnerable people",
                    "A disaster-response team of volunteers from our company",
                    "Climate risk maps for small towns",
                    "Satellite data to plan where to plant trees",
                ),
                problems=(
                    "Floods and heatwaves hit cities harder every year.",
                    "Small towns can't afford climate risk studies.",
                    "During disasters, relief teams lack simple data tools.",
                ),
                proposals=(
                    "Combine river sensors and weather data to warn people hours before a flood.",
                    "Send heatwave alerts and check-in calls to elderly people living alone.",
                    "Build a trained volunteer team that helps relief organisations with data "
                    "and logistics.",
                    "Give small towns free climate risk maps for floods, heat and drought, built "
                    "from open data.",
                    "Use satellite images to find the hottest streets and plant trees there first.",
                ),
                benefits=(
                    "A few hours of warning can save lives.",
                    "Cities could cut street temperatures by several degrees.",
                    "Relief organisations get expert help when it matters most.",
                ),
                comments=(
                    "After the floods near {city}, this is very personal for many of us.",
                    "The satellite data is free; the skills are what towns lack.",
                    "Great to see this here. Happy to help with the data science.",
                ),
            ),
        ),
    ),
)

# An off-topic post the moderator hides, to show moderation in the demo.
OFF_TOPIC_TITLE = "Selling two concert tickets for Saturday 🎟️"
OFF_TOPIC_BODY = (
    "Can't go anymore, half price, DM me. Sorry if this is the wrong place, the intranet "
    "marketplace is down!"
)
OFF_TOPIC_COMMENT = "I think this belongs on the marketplace, not the jam 🙂"
OFF_TOPIC_REASON = "Personal sales belong on the intranet marketplace, not in the jam."
WELCOME_ANNOUNCEMENT = (
    "Welcome to day three! The leadership team answers your top-voted ideas live at 15:00 UTC."
)

DUPLICATE_OPENERS = (
    "Not sure if someone posted this already, but: ",
    "Similar to other posts here: ",
    "Adding my voice to this one. ",
    "",
)
SPANISH_LEADS = ("Idea: ", "Propuesta: ", "")
CLOSINGS = (
    "What do you think?",
    "Happy to help make it happen.",
    "Who wants to join a pilot?",
    "Feedback welcome!",
    "Let's try it.",
)

GENERIC_COMMENTS = (
    "Love this idea!",
    "+1, this would make a real difference.",
    "Great idea, but how would we measure success?",
    "We tried something similar in {unit}; happy to share what we learned.",
    "This could start small, with one team in {city}.",
    "What would it cost? A rough estimate would help it get funded.",
    "Fully agree. Let's not make it too complicated.",
    "Interesting. Are there legal or privacy issues we should check first?",
    "This is the idea I was going to post. Voted!",
    "I like it, but it needs a clear owner to happen.",
    "Could we combine this with the similar ideas in this forum?",
    "Our clients ask about exactly this.",
    "Simple and doable. Why haven't we done this already?",
    "Would this work in smaller countries too, or only at the big sites?",
    "Strong yes from {unit}.",
    "Let's find a sponsor in leadership for this.",
    "Not convinced. The last attempt failed because nobody used it.",
    "I'd volunteer to help with a pilot.",
    "Good point about the costs. I think the benefits outweigh them.",
    "Please include our colleagues in {city} in the pilot!",
)

REPLIES = (
    "Agreed, that's the key question.",
    "Good point. I think a small pilot would answer it.",
    "Thanks, {name}! Let's talk after the jam.",
    "Exactly what I was thinking.",
    "I'm not sure, but it's worth testing.",
    "@{name} could you share the results from your team?",
    "Yes, and it should be measured from day one.",
    "Fair concern. I'd start with volunteers only.",
    "We had the same experience in {city}.",
    "+1 to this comment.",
    "Happy to connect you with the people who ran it.",
    "That's a great addition to the idea.",
)

SPANISH_COMMENTS = (
    "¡Muy buena idea!",
    "Totalmente de acuerdo, hay que probarlo.",
    "En {city} ya lo hemos intentado y funcionó bien.",
    "Me apunto para ayudar con el piloto.",
    "¿Cuánto costaría? Sería bueno tener una estimación.",
)
