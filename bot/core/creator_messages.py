"""The creator's code request, in the creator's language.

Plain text, no Slack markup: the caller escapes it for wherever it goes. The post link and the ad
account stand on lines of their own, so an Arabic (right-to-left) message keeps them readable and a
link stays clickable. Each in-app label is given translated and then as the English app shows it,
since a creator's phone isn't always in their language.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Language(StrEnum):
    ENGLISH = "en"
    FRENCH = "fr"
    ITALIAN = "it"
    GERMAN = "de"
    ARABIC = "ar"


@dataclass(frozen=True)
class Phrases:
    greeting: str
    greeting_no_handle: str
    ask_first: str
    ask_renewal: str
    account: str
    steps: tuple[str, ...]
    covers: str
    longest: str
    one_per_account: str
    no_edits: str
    privately: str
    thanks: str

    def days(self, n: int) -> str:
        return f"{n} {'day' if n == 1 else 'days'}"


@dataclass(frozen=True)
class ArabicPhrases(Phrases):
    def days(self, n: int) -> str:
        # 3 to 10 take the plural (أيام); 11 to 99, and hundreds ending so, take the singular accusative.
        return f"{n} أيام" if 3 <= n % 100 <= 10 else f"{n} يومًا"


@dataclass(frozen=True)
class _Counted(Phrases):
    singular: str = ""
    plural: str = ""

    def days(self, n: int) -> str:
        return f"{n} {self.singular if n == 1 else self.plural}"


NBSP = "\u00a0"
NNBSP = "\u202f"  # French puts a narrow no-break space before ? and !

PHRASES: dict[Language, Phrases] = {
    Language.ENGLISH: Phrases(
        greeting="Hi {handle},",
        greeting_no_handle="Hi,",
        ask_first="Could you send us a Spark Ads authorization code for this post?",
        ask_renewal="Could you send us a new Spark Ads authorization code for this post?",
        account="The code is for this ad account:",
        steps=(
            "In the TikTok app:",
            "1. Open the post.",
            "2. Tap ⋯ (the three dots).",
            "3. Tap Ad settings.",
            "4. Turn Ad authorization on.",
            "5. Generate the code and choose a validity of {validity}.",
        ),
        covers="With {validity} the code stays valid through {until}, after the campaign ends and its results are in.",
        longest=(
            "{validity} is the longest option, and the campaign and its results run past it: "
            "we'll ask you for another code before this one expires."
        ),
        one_per_account="A code works for one ad account only: another ad account needs a code of its own.",
        no_edits=(
            "Please don't edit or delete the post until the campaign ends (its last day is {last_day}): "
            "any change to the post stops the ad."
        ),
        privately="Send us the code privately (a direct message or an email), never in a public channel or a comment.",
        thanks="Thank you!",
    ),
    Language.FRENCH: _Counted(
        singular="jour",
        plural="jours",
        greeting="Bonjour {handle},",
        greeting_no_handle="Bonjour,",
        ask_first=f"Pourriez-vous nous envoyer un code d'autorisation Spark Ads pour cette publication{NNBSP}?",
        ask_renewal=(
            f"Pourriez-vous nous envoyer un nouveau code d'autorisation Spark Ads pour cette publication{NNBSP}?"
        ),
        account=f"Le code est destiné à ce compte publicitaire{NBSP}:",
        steps=(
            f"Dans l'application TikTok{NBSP}:",
            "1. Ouvrez la publication.",
            "2. Touchez ⋯ (les trois points).",
            f"3. Touchez «{NBSP}Paramètres publicitaires{NBSP}» (Ad settings).",
            f"4. Activez «{NBSP}Autorisation publicitaire{NBSP}» (Ad authorization).",
            "5. Générez le code en choisissant une validité de {validity}.",
        ),
        covers=(
            "Avec {validity}, le code reste valable jusqu'au {until} inclus, "
            "après la fin de la campagne et le relevé de ses résultats."
        ),
        longest=(
            "{validity}, c'est la durée la plus longue proposée, et la campagne et ses résultats vont au-delà"
            f"{NBSP}: nous vous demanderons un autre code avant l'expiration de celui-ci."
        ),
        one_per_account=(
            f"Un code ne vaut que pour un seul compte publicitaire{NBSP}: un autre compte demande son propre code."
        ),
        no_edits=(
            "Merci de ne pas modifier ni supprimer la publication avant la fin de la campagne "
            f"(son dernier jour est le {{last_day}}){NBSP}: toute modification interrompt la publicité."
        ),
        privately=(
            "Envoyez-nous le code en privé (message direct ou e-mail), jamais dans un canal public ni en commentaire."
        ),
        thanks=f"Merci beaucoup{NNBSP}!",
    ),
    Language.ITALIAN: _Counted(
        singular="giorno",
        plural="giorni",
        greeting="Ciao {handle},",
        greeting_no_handle="Ciao,",
        ask_first="potresti inviarci un codice di autorizzazione Spark Ads per questo post?",
        ask_renewal="potresti inviarci un nuovo codice di autorizzazione Spark Ads per questo post?",
        account="Il codice è per questo account pubblicitario:",
        steps=(
            "Nell'app TikTok:",
            "1. Apri il post.",
            "2. Tocca ⋯ (i tre puntini).",
            "3. Tocca «Impostazioni annunci» (Ad settings).",
            "4. Attiva «Autorizzazione annunci» (Ad authorization).",
            "5. Genera il codice scegliendo una validità di {validity}.",
        ),
        covers=(
            "Con {validity} il codice resta valido fino al giorno {until} compreso, "
            "dopo la fine della campagna e la raccolta dei risultati."
        ),
        longest=(
            "Quella da {validity} è l'opzione più lunga, e la campagna con i suoi risultati va oltre: "
            "ti chiederemo un altro codice prima che questo scada."
        ),
        one_per_account=(
            "Ogni codice vale per un solo account pubblicitario: un altro account ha bisogno di un codice a parte."
        ),
        no_edits=(
            "Per favore non modificare né eliminare il post fino alla fine della campagna "
            "(ultimo giorno: {last_day}): qualsiasi modifica al post interrompe l'annuncio."
        ),
        privately=(
            "Inviaci il codice in privato (messaggio diretto o email), mai in un canale pubblico o in un commento."
        ),
        thanks="Grazie mille!",
    ),
    Language.GERMAN: _Counted(
        singular="Tag",
        plural="Tagen",
        greeting="Hallo {handle},",
        greeting_no_handle="Hallo,",
        ask_first="könntest du uns einen Spark-Ads-Autorisierungscode für diesen Beitrag schicken?",
        ask_renewal="könntest du uns einen neuen Spark-Ads-Autorisierungscode für diesen Beitrag schicken?",
        account="Der Code ist für dieses Werbekonto:",
        steps=(
            "In der TikTok-App:",
            "1. Öffne den Beitrag.",
            "2. Tippe auf ⋯ (die drei Punkte).",
            "3. Tippe auf „Werbeeinstellungen“ (Ad settings).",
            "4. Aktiviere „Werbeautorisierung“ (Ad authorization).",
            "5. Erstelle den Code und wähle eine Gültigkeit von {validity}.",
        ),
        covers=(
            "Mit {validity} bleibt der Code bis einschließlich {until} gültig, "
            "also über das Ende der Kampagne und die Auswertung ihrer Ergebnisse hinaus."
        ),
        longest=(
            "Mit {validity} ist das die längste Option, doch Kampagne und Auswertung dauern länger: "
            "Wir bitten dich vor Ablauf dieses Codes um einen weiteren."
        ),
        one_per_account="Ein Code gilt nur für ein Werbekonto: Ein weiteres Werbekonto braucht einen eigenen Code.",
        no_edits=(
            "Bitte bearbeite oder lösche den Beitrag nicht, bevor die Kampagne endet (letzter Tag: {last_day}) – "
            "jede Änderung am Beitrag stoppt die Anzeige."
        ),
        privately=(
            "Schick uns den Code bitte privat (Direktnachricht oder E-Mail), "
            "niemals in einem öffentlichen Kanal oder Kommentar."
        ),
        thanks="Vielen Dank!",
    ),
    Language.ARABIC: ArabicPhrases(
        greeting="مرحبًا {handle}،",
        greeting_no_handle="مرحبًا،",
        ask_first="هل يمكنك إرسال رمز تفويض لإعلانات Spark لهذا المنشور؟",
        ask_renewal="هل يمكنك إرسال رمز تفويض جديد لإعلانات Spark لهذا المنشور؟",
        account="الرمز مخصص لهذا الحساب الإعلاني:",
        steps=(
            "في تطبيق TikTok:",
            "1. افتح المنشور.",
            "2. اضغط على ⋯ (النقاط الثلاث).",
            "3. اضغط على «إعدادات الإعلان» (Ad settings).",
            "4. فعِّل «تفويض الإعلان» (Ad authorization).",
            "5. أنشئ الرمز واختر مدة صلاحية {validity}.",
        ),
        covers="بمدة {validity} يبقى الرمز صالحًا حتى {until} ضمنًا، أي إلى ما بعد انتهاء الحملة وجمع نتائجها.",
        longest=(
            "مدة {validity} هي أطول مدة متاحة، والحملة ونتائجها تتجاوزها: "
            "سنطلب منك رمزًا آخر قبل انتهاء صلاحية هذا الرمز."
        ),
        one_per_account="كل رمز صالح لحساب إعلاني واحد فقط: أي حساب إعلاني آخر يحتاج إلى رمز خاص به.",
        no_edits=(
            "يُرجى عدم تعديل المنشور أو حذفه حتى انتهاء الحملة (آخر يوم فيها: {last_day})، "
            "فأي تغيير في المنشور يوقف الإعلان."
        ),
        privately="أرسل إلينا الرمز بشكل خاص (رسالة مباشرة أو بريد إلكتروني)، ولا ترسله أبدًا في قناة عامة أو في تعليق.",
        thanks="شكرًا جزيلًا!",
    ),
}
