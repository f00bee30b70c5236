"""News index, privacy notice, accessibility statement and contact page."""

from django.conf import settings

from .texts import lang

# The retention the notice states comes from the settings the deletion jobs use
# (stories.retention, stories.services.submissions.erase_expired_contacts).
RETENTION_ITEM = {
    "en": (
        "<li>Submissions that are not published are deleted %(months)s months after "
        "they are received. Contact details are deleted %(days)s days after the "
        "decision on your story, published or not.</li>"
    ),
    "es": (
        "<li>Los envíos que no se publican se eliminan %(months)s meses después de su "
        "recepción. Los datos de contacto se eliminan %(days)s días después de la "
        "decisión sobre su historia, se publique o no.</li>"
    ),
    "fr": (
        "<li>Les contributions non publiées sont supprimées %(months)s mois après "
        "leur réception. Les coordonnées sont supprimées %(days)s jours après la "
        "décision sur votre histoire, publiée ou non.</li>"
    ),
    "pt": (
        "<li>Os envios que não são publicados são apagados %(months)s meses após o "
        "recebimento. Os dados de contato são apagados %(days)s dias após a decisão "
        "sobre a sua história, publicada ou não.</li>"
    ),
}


def retention_figures() -> dict[str, int]:
    return {
        "months": round(settings.STORIES_UNPUBLISHED_RETENTION_DAYS / 30.4),
        "days": settings.STORIES_CONTACT_RETENTION_DAYS,
    }


def retention_item(language: str) -> str:
    return RETENTION_ITEM[language] % retention_figures()


NEWS = {
    "key": "news",
    "type": "news_index",
    "parent": "home",
    "slug": lang(en="news", es="noticias", fr="actualites", pt="noticias"),
    "title": lang(en="News", es="Noticias", fr="Actualités", pt="Notícias"),
    "intro": lang(
        en="Press releases and announcements from the Migrants Count campaign.",
        es="Comunicados de prensa y anuncios de la campaña Migrantes Cuentan.",
        fr="Communiqués de presse et annonces de la campagne Les migrants comptent.",
        pt="Comunicados de imprensa e anúncios da campanha Migrantes Contam.",
    ),
}

PRIVACY = {
    "key": "privacy",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="privacy-notice",
        es="aviso-de-privacidad",
        fr="avis-de-confidentialite",
        pt="aviso-de-privacidade",
    ),
    "title": lang(
        en="Privacy notice",
        es="Aviso de privacidad",
        fr="Avis de confidentialité",
        pt="Aviso de privacidade",
    ),
    "intro": lang(
        en=(
            "How the campaign handles the personal data of people who share their "
            "stories, and the choices and rights each person keeps."
        ),
        es=(
            "Cómo trata la campaña los datos personales de quienes comparten su "
            "historia, y las decisiones y los derechos que cada persona conserva."
        ),
        fr=(
            "Comment la campagne traite les données personnelles des personnes qui "
            "partagent leur histoire, et les choix et droits que chacune conserve."
        ),
        pt=(
            "Como a campanha trata os dados pessoais de quem compartilha a sua "
            "história, e as escolhas e os direitos que cada pessoa mantém."
        ),
    ),
    "body": [
        (
            "heading",
            lang(
                en="Why we collect personal data",
                es="Para qué recopilamos datos personales",
                fr="Pourquoi nous recueillons des données personnelles",
                pt="Para que coletamos dados pessoais",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>When you share your story, we collect only what is needed to "
                    "read it, to contact you about it and to publish it in the way you "
                    "choose: your story, the name you want to appear (which may be a "
                    "first name or a pseudonym), a way to reach you, your country of "
                    "residence and the language you wrote in. We follow the data-"
                    "protection principles of the International Organization for "
                    "Migration: lawful and fair collection, a specified and legitimate "
                    "purpose, and no use beyond that purpose.</p>"
                ),
                es=(
                    "<p>Cuando comparte su historia, recopilamos solo lo necesario para "
                    "leerla, contactarle al respecto y publicarla de la forma que usted "
                    "elija: su historia, el nombre con el que desea aparecer (que puede "
                    "ser un nombre de pila o un seudónimo), un medio de contacto, su país "
                    "de residencia y el idioma en que escribió. Seguimos los principios "
                    "de protección de datos de la Organización Internacional para las "
                    "Migraciones: recopilación lícita y leal, una finalidad determinada y "
                    "legítima, y ningún uso más allá de esa finalidad.</p>"
                ),
                fr=(
                    "<p>Lorsque vous partagez votre histoire, nous ne recueillons que ce "
                    "qui est nécessaire pour la lire, vous contacter à son sujet et la "
                    "publier de la manière que vous choisissez : votre récit, le nom sous "
                    "lequel vous souhaitez apparaître (un prénom ou un pseudonyme), un "
                    "moyen de vous joindre, votre pays de résidence et la langue dans "
                    "laquelle vous avez écrit. Nous appliquons les principes de "
                    "protection des données de l’Organisation internationale pour les "
                    "migrations : collecte licite et loyale, finalité déterminée et "
                    "légitime, et aucune utilisation au-delà de cette finalité.</p>"
                ),
                pt=(
                    "<p>Quando você compartilha a sua história, coletamos apenas o "
                    "necessário para lê-la, contatá-lo sobre ela e publicá-la da forma "
                    "que você escolher: a sua história, o nome com que deseja aparecer "
                    "(que pode ser um primeiro nome ou um pseudônimo), um meio de "
                    "contato, o seu país de residência e o idioma em que escreveu. "
                    "Seguimos os princípios de proteção de dados da Organização "
                    "Internacional para as Migrações: coleta lícita e leal, uma "
                    "finalidade determinada e legítima, e nenhum uso além dessa "
                    "finalidade.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Your consent and its scope",
                es="Su consentimiento y su alcance",
                fr="Votre consentement et sa portée",
                pt="O seu consentimento e o seu alcance",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Nothing is published without your informed consent, and you "
                    "give it separately for each use:</p>"
                    "<ul><li>publication of your story on this website;</li>"
                    "<li>sharing of your story on the campaign’s social media accounts;"
                    "</li>"
                    "<li>use of a photograph or recording, if you provide one;</li>"
                    "<li>an invitation to take part in a live interview.</li></ul>"
                    "<p>Children’s stories are accepted only with the consent of a "
                    "parent or legal guardian. Before publication, an editor removes "
                    "details that could identify you or put you at risk. Your private "
                    "link shows whether your story was published, and lets you "
                    "withdraw it at any time.</p>"
                ),
                es=(
                    "<p>Nada se publica sin su consentimiento informado, que usted otorga "
                    "por separado para cada uso:</p>"
                    "<ul><li>la publicación de su historia en este sitio web;</li>"
                    "<li>la difusión de su historia en las cuentas de la campaña en redes "
                    "sociales;</li>"
                    "<li>el uso de una fotografía o grabación, si nos la facilita;</li>"
                    "<li>una invitación a participar en una entrevista en vivo.</li></ul>"
                    "<p>Las historias de niñas, niños y adolescentes solo se aceptan con "
                    "el consentimiento de su madre, padre o tutor legal. Antes de "
                    "publicar, un editor elimina los datos que podrían identificarle o "
                    "ponerle en riesgo. Su enlace privado muestra si su historia se "
                    "publicó y le permite retirarla en cualquier momento.</p>"
                ),
                fr=(
                    "<p>Rien n’est publié sans votre consentement éclairé, que vous "
                    "donnez séparément pour chaque usage :</p>"
                    "<ul><li>la publication de votre histoire sur ce site ;</li>"
                    "<li>sa diffusion sur les comptes de la campagne dans les réseaux "
                    "sociaux ;</li>"
                    "<li>l’utilisation d’une photographie ou d’un enregistrement, si vous "
                    "en fournissez un ;</li>"
                    "<li>une invitation à participer à un entretien en direct.</li></ul>"
                    "<p>Les histoires d’enfants ne sont acceptées qu’avec le "
                    "consentement d’un parent ou d’un tuteur légal. Avant publication, "
                    "un éditeur retire les détails qui pourraient vous identifier ou vous "
                    "mettre en danger. Votre lien privé indique si votre histoire a été "
                    "publiée et vous permet de la retirer à tout moment.</p>"
                ),
                pt=(
                    "<p>Nada é publicado sem o seu consentimento informado, que você dá "
                    "separadamente para cada uso:</p>"
                    "<ul><li>a publicação da sua história neste site;</li>"
                    "<li>a divulgação da sua história nas contas da campanha nas redes "
                    "sociais;</li>"
                    "<li>o uso de uma fotografia ou gravação, se você fornecer uma;</li>"
                    "<li>um convite para participar de uma entrevista ao vivo.</li></ul>"
                    "<p>Histórias de crianças e adolescentes só são aceitas com o "
                    "consentimento de um dos pais ou do responsável legal. Antes da "
                    "publicação, um editor remove os detalhes que possam identificá-lo "
                    "ou colocá-lo em risco. O seu link privado mostra se a sua história "
                    "foi publicada e permite retirá-la a qualquer momento.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Withdrawing your consent",
                es="Retirar su consentimiento",
                fr="Retirer votre consentement",
                pt="Retirar o seu consentimento",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>You can withdraw any consent at any time, without giving a "
                    "reason, through the private link sent to you when you submitted "
                    "your story. Keep that link to yourself: anyone who has it can "
                    "manage your story. We then unpublish the story from this website "
                    "and delete the campaign’s own posts that carry it. Copies already "
                    "shared by others on social networks are outside our control, but "
                    "we will ask the platforms to remove them where their rules allow.</p>"
                ),
                es=(
                    "<p>Puede retirar cualquier consentimiento en cualquier momento, sin "
                    "dar explicaciones, mediante el enlace privado que recibió al enviar "
                    "su historia. No comparta ese enlace: quien lo tenga puede gestionar "
                    "su historia. Al retirarlo, despublicamos la historia de este sitio y "
                    "borramos las publicaciones de la campaña que la contienen. Las "
                    "copias que otras personas ya hayan compartido en redes sociales "
                    "escapan a nuestro control, pero pediremos a las plataformas que las "
                    "eliminen cuando sus normas lo permitan.</p>"
                ),
                fr=(
                    "<p>Vous pouvez retirer tout consentement à tout moment, sans avoir à "
                    "vous justifier, grâce au lien privé qui vous a été envoyé lors de "
                    "l’envoi de votre histoire. Gardez ce lien pour vous : quiconque le "
                    "possède peut gérer votre histoire. Nous retirons alors l’histoire de "
                    "ce site et supprimons les publications de la campagne qui la "
                    "reprennent. Les copies déjà partagées par d’autres sur les réseaux "
                    "sociaux échappent à notre contrôle, mais nous demanderons aux "
                    "plateformes de les retirer lorsque leurs règles le permettent.</p>"
                ),
                pt=(
                    "<p>Você pode retirar qualquer consentimento a qualquer momento, sem "
                    "precisar se justificar, pelo link privado que recebeu ao enviar a "
                    "sua história. Não compartilhe esse link: quem o tiver pode gerenciar "
                    "a sua história. Ao retirá-lo, despublicamos a história deste site e "
                    "apagamos as publicações da campanha que a contêm. As cópias já "
                    "compartilhadas por outras pessoas nas redes sociais estão fora do "
                    "nosso controle, mas pediremos às plataformas que as removam quando "
                    "as suas regras permitirem.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Security, retention and third parties",
                es="Seguridad, conservación y terceros",
                fr="Sécurité, conservation et tiers",
                pt="Segurança, conservação e terceiros",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<ul><li>Your contact details and the unedited text of your story are "
                    "encrypted when stored and are seen only by the small team that "
                    "moderates stories.</li>" + retention_item("en") + ""
                    "<li>Social networks are third parties with their own privacy rules. "
                    "Your story is sent to them only if you consented to it, and never "
                    "with your contact details.</li>"
                    "<li>We do not sell personal data or use it for advertising.</li></ul>"
                ),
                es=(
                    "<ul><li>Sus datos de contacto y el texto original de su historia se "
                    "almacenan cifrados y solo los ve el reducido equipo que modera las "
                    "historias.</li>" + retention_item("es") + ""
                    "<li>Las redes sociales son terceros con sus propias normas de "
                    "privacidad. Su historia solo se les envía si usted lo consintió, y "
                    "nunca con sus datos de contacto.</li>"
                    "<li>No vendemos datos personales ni los usamos con fines "
                    "publicitarios.</li></ul>"
                ),
                fr=(
                    "<ul><li>Vos coordonnées et le texte original de votre histoire sont "
                    "stockés chiffrés et ne sont consultés que par l’équipe restreinte "
                    "chargée de la modération.</li>" + retention_item("fr") + ""
                    "<li>Les réseaux sociaux sont des tiers dotés de leurs propres règles "
                    "de confidentialité. Votre histoire ne leur est transmise que si vous "
                    "y avez consenti, et jamais avec vos coordonnées.</li>"
                    "<li>Nous ne vendons pas de données personnelles et ne les utilisons "
                    "pas à des fins publicitaires.</li></ul>"
                ),
                pt=(
                    "<ul><li>Os seus dados de contato e o texto original da sua história "
                    "são armazenados de forma criptografada e só são vistos pela pequena "
                    "equipe que modera as histórias.</li>" + retention_item("pt") + ""
                    "<li>As redes sociais são terceiros com as suas próprias regras de "
                    "privacidade. A sua história só lhes é enviada se você consentiu, e "
                    "nunca com os seus dados de contato.</li>"
                    "<li>Não vendemos dados pessoais nem os usamos para publicidade.</li>"
                    "</ul>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Counting visits without tracking you",
                es="Contar visitas sin rastrearle",
                fr="Compter les visites sans vous suivre",
                pt="Contar visitas sem rastrear você",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>To see what the campaign reached, this website counts how "
                    "many times each page is viewed, on its own server. It keeps only "
                    "daily totals per page and language, with the domain of the site a "
                    "visitor came from (for example bsky.app, never the page there) and "
                    "the campaign tags in the link (utm_source, utm_medium, "
                    "utm_campaign, utm_content). It sets no cookie and stores no IP "
                    "address, no description of your browser or device (user agent) "
                    "and no identifier, and it keeps no record of individual visits. "
                    "Visits by known bots are not counted. No third-party analytics "
                    "service receives your visit.</p>"
                ),
                es=(
                    "<p>Para saber a quién llegó la campaña, este sitio cuenta cuántas "
                    "veces se ve cada página, en su propio servidor. Solo guarda "
                    "totales diarios por página e idioma, con el dominio del sitio "
                    "desde el que llegó la visita (por ejemplo bsky.app, nunca la "
                    "página de ese sitio) y las etiquetas de campaña del enlace "
                    "(utm_source, utm_medium, utm_campaign, utm_content). No instala "
                    "ninguna cookie ni guarda direcciones IP, descripciones de su "
                    "navegador o dispositivo (user agent) ni identificadores, y no "
                    "conserva ningún registro de visitas individuales. Las visitas de "
                    "robots conocidos no se cuentan. Ningún servicio de analítica de "
                    "terceros recibe su visita.</p>"
                ),
                fr=(
                    "<p>Pour savoir qui la campagne a atteint, ce site compte combien de "
                    "fois chaque page est vue, sur son propre serveur. Il ne garde que "
                    "des totaux quotidiens par page et par langue, avec le domaine du "
                    "site d’où vient la visite (par exemple bsky.app, jamais la page de "
                    "ce site) et les balises de campagne du lien (utm_source, "
                    "utm_medium, utm_campaign, utm_content). Il ne dépose aucun cookie "
                    "et n’enregistre ni adresse IP, ni description de votre navigateur "
                    "ou appareil (user agent), ni identifiant, et ne conserve aucune "
                    "trace des visites individuelles. Les visites des robots connus ne "
                    "sont pas comptées. Aucun service d’analyse tiers ne reçoit votre "
                    "visite.</p>"
                ),
                pt=(
                    "<p>Para saber quem a campanha alcançou, este site conta quantas "
                    "vezes cada página é vista, no seu próprio servidor. Guarda apenas "
                    "totais diários por página e idioma, com o domínio do site de onde "
                    "veio a visita (por exemplo bsky.app, nunca a página desse site) e "
                    "as etiquetas de campanha do link (utm_source, utm_medium, "
                    "utm_campaign, utm_content). Não instala nenhum cookie nem guarda "
                    "endereços IP, descrições do seu navegador ou dispositivo (user "
                    "agent) ou identificadores, e não mantém nenhum registro de visitas "
                    "individuais. As visitas de robôs conhecidos não são contadas. "
                    "Nenhum serviço de análise de terceiros recebe a sua visita.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Your rights and how to reach us",
                es="Sus derechos y cómo contactarnos",
                fr="Vos droits et comment nous joindre",
                pt="Os seus direitos e como nos contatar",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>You may ask to see the data we hold about you, to correct it or "
                    "to have it deleted. Write to the campaign’s data protection focal "
                    'point at <a href="mailto:privacy@example.org">privacy@example.org'
                    "</a>; we reply within thirty days. If you are not satisfied with our "
                    "answer, you may ask for your request to be reviewed by the "
                    "oversight function of the organization concerned. See also our "
                    '<a linktype="page" id="{page:contact}">contact page</a>.</p>'
                ),
                es=(
                    "<p>Puede pedir ver los datos que tenemos sobre usted, corregirlos o "
                    "eliminarlos. Escriba al punto focal de protección de datos de la "
                    'campaña a <a href="mailto:privacy@example.org">privacy@example.org'
                    "</a>; respondemos en un plazo de treinta días. Si no está conforme "
                    "con la respuesta, puede pedir que su solicitud sea revisada por la "
                    "instancia de supervisión de la organización correspondiente. "
                    'Consulte también nuestra <a linktype="page" id="{page:contact}">'
                    "página de contacto</a>.</p>"
                ),
                fr=(
                    "<p>Vous pouvez demander à consulter les données que nous détenons "
                    "sur vous, à les rectifier ou à les faire supprimer. Écrivez au point "
                    "focal de la campagne pour la protection des données à "
                    '<a href="mailto:privacy@example.org">privacy@example.org</a> ; '
                    "nous répondons sous trente jours. Si notre réponse ne vous satisfait "
                    "pas, vous pouvez demander que votre requête soit réexaminée par "
                    "l’instance de contrôle de l’organisation concernée. Voir aussi notre "
                    '<a linktype="page" id="{page:contact}">page de contact</a>.</p>'
                ),
                pt=(
                    "<p>Você pode pedir para ver os dados que temos sobre você, corrigi-"
                    "los ou apagá-los. Escreva ao ponto focal de proteção de dados da "
                    'campanha em <a href="mailto:privacy@example.org">'
                    "privacy@example.org</a>; respondemos em até trinta dias. Se não "
                    "estiver satisfeito com a resposta, pode pedir que a sua solicitação "
                    "seja revista pela instância de supervisão da organização "
                    'responsável. Veja também a nossa <a linktype="page" '
                    'id="{page:contact}">página de contato</a>.</p>'
                ),
            ),
        ),
    ],
}

ACCESSIBILITY = {
    "key": "accessibility",
    "type": "standard",
    "parent": "home",
    "slug": lang(
        en="accessibility",
        es="accesibilidad",
        fr="accessibilite",
        pt="acessibilidade",
    ),
    "title": lang(
        en="Accessibility statement",
        es="Declaración de accesibilidad",
        fr="Déclaration d’accessibilité",
        pt="Declaração de acessibilidade",
    ),
    "intro": lang(
        en="This website is meant for everyone, whatever their device, language or ability.",
        es="Este sitio web está pensado para todas las personas, sea cual sea su dispositivo, idioma o capacidad.",
        fr="Ce site s’adresse à tous, quels que soient l’appareil, la langue ou les capacités de chacun.",
        pt="Este site foi pensado para todas as pessoas, qualquer que seja o seu dispositivo, idioma ou capacidade.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Our commitment",
                es="Nuestro compromiso",
                fr="Notre engagement",
                pt="O nosso compromisso",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>The campaign aims to meet level AA of the Web Content "
                    "Accessibility Guidelines (WCAG) 2.2. In practice this means:</p>"
                    "<ul><li>every page can be used with a keyboard alone and with a "
                    "screen reader;</li>"
                    "<li>text can be enlarged to 200 per cent without loss of content;</li>"
                    "<li>every chart is accompanied by a table with the same figures;</li>"
                    "<li>hashtags are written in CamelCase so that screen readers read "
                    "the words;</li>"
                    "<li>the site works without JavaScript and on slow connections.</li>"
                    "</ul>"
                ),
                es=(
                    "<p>La campaña se propone cumplir el nivel AA de las Pautas de "
                    "Accesibilidad para el Contenido Web (WCAG) 2.2. En la práctica, "
                    "esto significa que:</p>"
                    "<ul><li>todas las páginas pueden usarse solo con el teclado y con un "
                    "lector de pantalla;</li>"
                    "<li>el texto puede ampliarse al 200 % sin pérdida de contenido;</li>"
                    "<li>cada gráfico va acompañado de una tabla con las mismas cifras;"
                    "</li>"
                    "<li>las etiquetas se escriben con mayúscula inicial en cada palabra "
                    "para que los lectores de pantalla las lean correctamente;</li>"
                    "<li>el sitio funciona sin JavaScript y con conexiones lentas.</li>"
                    "</ul>"
                ),
                fr=(
                    "<p>La campagne vise le niveau AA des Règles pour l’accessibilité des "
                    "contenus Web (WCAG) 2.2. Concrètement :</p>"
                    "<ul><li>chaque page est utilisable au seul clavier et avec un "
                    "lecteur d’écran ;</li>"
                    "<li>le texte peut être agrandi à 200 % sans perte de contenu ;</li>"
                    "<li>chaque graphique est accompagné d’un tableau reprenant les mêmes "
                    "chiffres ;</li>"
                    "<li>les mots-dièses portent une majuscule à chaque mot afin que les "
                    "lecteurs d’écran les lisent correctement ;</li>"
                    "<li>le site fonctionne sans JavaScript et avec des connexions "
                    "lentes.</li></ul>"
                ),
                pt=(
                    "<p>A campanha busca cumprir o nível AA das Diretrizes de "
                    "Acessibilidade para Conteúdo Web (WCAG) 2.2. Na prática, isso "
                    "significa que:</p>"
                    "<ul><li>todas as páginas podem ser usadas apenas com o teclado e com "
                    "um leitor de tela;</li>"
                    "<li>o texto pode ser ampliado a 200% sem perda de conteúdo;</li>"
                    "<li>cada gráfico vem acompanhado de uma tabela com os mesmos "
                    "números;</li>"
                    "<li>as hashtags são escritas com inicial maiúscula em cada palavra "
                    "para que os leitores de tela as leiam corretamente;</li>"
                    "<li>o site funciona sem JavaScript e em conexões lentas.</li></ul>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Known limitations",
                es="Limitaciones conocidas",
                fr="Limites connues",
                pt="Limitações conhecidas",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>Some recordings of live interviews may be published before their "
                    "captions and transcripts are ready; we aim to add them within five "
                    "working days. Documents published by other organizations may not "
                    "meet the same standard.</p>"
                ),
                es=(
                    "<p>Algunas grabaciones de entrevistas en vivo pueden publicarse antes "
                    "de que estén listos sus subtítulos y transcripciones; procuramos "
                    "añadirlos en un plazo de cinco días hábiles. Los documentos "
                    "publicados por otras organizaciones pueden no cumplir el mismo "
                    "estándar.</p>"
                ),
                fr=(
                    "<p>Certains enregistrements d’entretiens en direct peuvent être "
                    "publiés avant que leurs sous-titres et transcriptions soient prêts ; "
                    "nous nous efforçons de les ajouter dans un délai de cinq jours "
                    "ouvrables. Les documents publiés par d’autres organisations peuvent "
                    "ne pas respecter le même niveau.</p>"
                ),
                pt=(
                    "<p>Algumas gravações de entrevistas ao vivo podem ser publicadas "
                    "antes de as legendas e transcrições estarem prontas; procuramos "
                    "acrescentá-las em até cinco dias úteis. Documentos publicados por "
                    "outras organizações podem não cumprir o mesmo padrão.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="Report a problem",
                es="Informe de un problema",
                fr="Signaler un problème",
                pt="Informe um problema",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>If something on this site is hard to use, please tell us at "
                    '<a href="mailto:accessibility@example.org">'
                    "accessibility@example.org</a>. Say which page you were on, what you "
                    "were trying to do and, if you wish, which browser or assistive "
                    "technology you use. We acknowledge every report within five working "
                    "days and can provide the information in another format in the "
                    "meantime.</p>"
                ),
                es=(
                    "<p>Si algo de este sitio le resulta difícil de usar, escríbanos a "
                    '<a href="mailto:accessibility@example.org">'
                    "accessibility@example.org</a>. Indique en qué página estaba, qué "
                    "intentaba hacer y, si lo desea, qué navegador o tecnología de apoyo "
                    "utiliza. Acusamos recibo de cada aviso en un plazo de cinco días "
                    "hábiles y, entretanto, podemos facilitarle la información en otro "
                    "formato.</p>"
                ),
                fr=(
                    "<p>Si un élément de ce site est difficile à utiliser, écrivez-nous à "
                    '<a href="mailto:accessibility@example.org">'
                    "accessibility@example.org</a>. Indiquez la page concernée, ce que "
                    "vous cherchiez à faire et, si vous le souhaitez, le navigateur ou la "
                    "technologie d’assistance utilisés. Nous accusons réception de chaque "
                    "signalement sous cinq jours ouvrables et pouvons, dans l’intervalle, "
                    "vous fournir l’information sous une autre forme.</p>"
                ),
                pt=(
                    "<p>Se algo neste site for difícil de usar, escreva para "
                    '<a href="mailto:accessibility@example.org">'
                    "accessibility@example.org</a>. Diga em que página estava, o que "
                    "tentava fazer e, se quiser, que navegador ou tecnologia assistiva "
                    "utiliza. Confirmamos o recebimento de cada aviso em até cinco dias "
                    "úteis e, enquanto isso, podemos fornecer a informação em outro "
                    "formato.</p>"
                ),
            ),
        ),
    ],
}

CONTACT = {
    "key": "contact",
    "type": "standard",
    "parent": "home",
    "slug": lang(en="contact", es="contacto", fr="contact", pt="contato"),
    "title": lang(en="Contact", es="Contacto", fr="Contact", pt="Contato"),
    "intro": lang(
        en="How journalists, partners and the public can reach the campaign team.",
        es="Cómo pueden comunicarse con el equipo de la campaña periodistas, socios y público.",
        fr="Comment journalistes, partenaires et public peuvent joindre l’équipe de la campagne.",
        pt="Como jornalistas, parceiros e o público podem contatar a equipe da campanha.",
    ),
    "body": [
        (
            "heading",
            lang(
                en="Press office",
                es="Oficina de prensa",
                fr="Service de presse",
                pt="Assessoria de imprensa",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>For interview requests, data queries and press accreditation:</p>"
                    '<ul><li>E-mail: <a href="mailto:press@example.org">'
                    "press@example.org</a></li>"
                    "<li>Telephone: +1 202 555 0100 (Monday to Friday, 9:00 to 17:00, "
                    "Washington, D.C. time)</li></ul>"
                    "<p>We answer press enquiries in English, Spanish, French and "
                    "Portuguese.</p>"
                ),
                es=(
                    "<p>Para solicitudes de entrevista, consultas sobre datos y "
                    "acreditaciones de prensa:</p>"
                    '<ul><li>Correo electrónico: <a href="mailto:press@example.org">'
                    "press@example.org</a></li>"
                    "<li>Teléfono: +1 202 555 0100 (de lunes a viernes, de 9:00 a 17:00, "
                    "hora de Washington, D.C.)</li></ul>"
                    "<p>Atendemos a la prensa en español, inglés, francés y portugués.</p>"
                ),
                fr=(
                    "<p>Pour les demandes d’entretien, les questions sur les données et "
                    "les accréditations de presse :</p>"
                    '<ul><li>Courriel : <a href="mailto:press@example.org">'
                    "press@example.org</a></li>"
                    "<li>Téléphone : +1 202 555 0100 (du lundi au vendredi, de 9 h à "
                    "17 h, heure de Washington, D.C.)</li></ul>"
                    "<p>Nous répondons à la presse en français, en anglais, en espagnol "
                    "et en portugais.</p>"
                ),
                pt=(
                    "<p>Para pedidos de entrevista, consultas sobre dados e credenciamento "
                    "de imprensa:</p>"
                    '<ul><li>E-mail: <a href="mailto:press@example.org">'
                    "press@example.org</a></li>"
                    "<li>Telefone: +1 202 555 0100 (de segunda a sexta-feira, das 9h às "
                    "17h, horário de Washington, D.C.)</li></ul>"
                    "<p>Atendemos a imprensa em português, inglês, espanhol e francês.</p>"
                ),
            ),
        ),
        (
            "heading",
            lang(
                en="General enquiries",
                es="Consultas generales",
                fr="Questions générales",
                pt="Informações gerais",
            ),
        ),
        (
            "paragraph",
            lang(
                en=(
                    "<p>For questions about the campaign, partnerships or the stories "
                    'published on this site, write to <a href="mailto:info@example.org">'
                    "info@example.org</a>. Questions about your personal data go to "
                    '<a href="mailto:privacy@example.org">privacy@example.org</a>, as '
                    'explained in the <a linktype="page" id="{page:privacy}">privacy '
                    "notice</a>.</p>"
                ),
                es=(
                    "<p>Para preguntas sobre la campaña, las alianzas o las historias "
                    'publicadas en este sitio, escriba a <a href="mailto:info@example.org">'
                    "info@example.org</a>. Las consultas sobre sus datos personales deben "
                    'dirigirse a <a href="mailto:privacy@example.org">'
                    'privacy@example.org</a>, como se explica en el <a linktype="page" '
                    'id="{page:privacy}">aviso de privacidad</a>.</p>'
                ),
                fr=(
                    "<p>Pour toute question sur la campagne, les partenariats ou les "
                    'histoires publiées sur ce site, écrivez à <a href="mailto:'
                    'info@example.org">info@example.org</a>. Les questions relatives à '
                    'vos données personnelles sont à adresser à <a href="mailto:'
                    'privacy@example.org">privacy@example.org</a>, comme l’explique '
                    'l’<a linktype="page" id="{page:privacy}">avis de '
                    "confidentialité</a>.</p>"
                ),
                pt=(
                    "<p>Para perguntas sobre a campanha, as parcerias ou as histórias "
                    'publicadas neste site, escreva para <a href="mailto:'
                    'info@example.org">info@example.org</a>. Perguntas sobre os seus '
                    'dados pessoais devem ser enviadas para <a href="mailto:'
                    'privacy@example.org">privacy@example.org</a>, como explica o '
                    '<a linktype="page" id="{page:privacy}">aviso de privacidade</a>.'
                    "</p>"
                ),
            ),
        ),
    ],
}
