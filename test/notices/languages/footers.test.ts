import { Engine } from '../../../src/engine/engine';
import { clauseResources } from '../helpers';

/**
 * Issue 11: every language finds a native footer reservation (copyright, text and data mining and AI
 * training, subject to the publisher's consent) as plain text without a language hint, names the language,
 * and leaves a native news sentence about AI and data-mining law unflagged.
 */
const engine = new Engine({ resources: clauseResources() });
const check = (text: string) => engine.check({ body: text, kind: 'text' });

const CASES: [lang: string, footer: string, news: string][] = [
  [
    'bg',
    '© 2026 Пример Медия ЕООД. Всички права запазени. Извличането на текст и данни и използването на съдържанието за обучение на системи с изкуствен интелект са забранени без предварителното писмено съгласие на издателя.',
    'Според експерти новите правила на ЕС за изкуствения интелект ще засегнат начина, по който компаниите използват данни за обучение на моделите си.',
  ],
  [
    'cs',
    '© 2026 Příklad Media a.s. Všechna práva vyhrazena. Vytěžování textů a dat a použití obsahu k trénování umělé inteligence je bez předchozího písemného souhlasu vydavatele zakázáno.',
    'Podle odborníků nová evropská pravidla pro umělou inteligenci změní, jak firmy využívají data k trénování modelů.',
  ],
  [
    'da',
    '© 2026 Eksempel Medier A/S. Alle rettigheder forbeholdes. Tekst- og datamining samt brug af indholdet til træning af kunstig intelligens er ikke tilladt uden forudgående skriftlig tilladelse fra udgiveren.',
    'Ifølge eksperter vil EU’s nye regler om kunstig intelligens ændre, hvordan virksomheder bruger data til at træne deres modeller.',
  ],
  [
    'de',
    '© 2026 Beispiel Medien GmbH. Alle Rechte vorbehalten. Text- und Data-Mining sowie die Nutzung der Inhalte zum Training künstlicher Intelligenz sind ohne vorherige schriftliche Zustimmung des Verlags untersagt.',
    'Nach Ansicht von Experten werden die neuen EU-Regeln zur künstlichen Intelligenz verändern, wie Unternehmen Daten für das Training ihrer Modelle nutzen.',
  ],
  [
    'el',
    '© 2026 Παράδειγμα ΑΕ. Με επιφύλαξη παντός δικαιώματος. Η εξόρυξη κειμένου και δεδομένων και η χρήση του περιεχομένου για την εκπαίδευση συστημάτων τεχνητής νοημοσύνης απαγορεύονται χωρίς την προηγούμενη γραπτή άδεια του εκδότη.',
    'Σύμφωνα με ειδικούς, οι νέοι κανόνες της ΕΕ για την τεχνητή νοημοσύνη θα αλλάξουν τον τρόπο με τον οποίο οι εταιρείες χρησιμοποιούν δεδομένα για την εκπαίδευση των μοντέλων τους.',
  ],
  [
    'en',
    '© 2026 Example Media Ltd. All rights reserved. Text and data mining and the use of our content to train artificial intelligence systems are prohibited without the prior written consent of the publisher.',
    'Experts say the new EU rules on artificial intelligence will change how companies use data to train their models.',
  ],
  [
    'es',
    '© 2026 Ejemplo Medios S.L. Todos los derechos reservados. Queda prohibida la minería de textos y datos y el uso de los contenidos para entrenar sistemas de inteligencia artificial sin la autorización previa y por escrito del editor.',
    'Según los expertos, las nuevas normas de la UE sobre inteligencia artificial cambiarán la forma en que las empresas usan datos para entrenar sus modelos.',
  ],
  [
    'et',
    '© 2026 Näide Meedia OÜ. Kõik õigused kaitstud. Teksti- ja andmekaeve ning sisu kasutamine tehisintellekti treenimiseks on keelatud ilma väljaandja eelneva kirjaliku nõusolekuta.',
    'Ekspertide sõnul muudavad ELi uued tehisintellekti reeglid seda, kuidas ettevõtted kasutavad andmeid oma mudelite treenimiseks.',
  ],
  [
    'fi',
    '© 2026 Esimerkki Media Oy. Kaikki oikeudet pidätetään. Tiedonlouhinta ja sisällön käyttö tekoälyn kouluttamiseen on kielletty ilman julkaisijan etukäteen antamaa kirjallista lupaa.',
    'Asiantuntijoiden mukaan EU:n uudet tekoälysäännöt muuttavat sitä, miten yritykset käyttävät dataa mallien kouluttamiseen.',
  ],
  [
    'fr',
    '© 2026 Exemple Médias SAS. Tous droits réservés. La fouille de textes et de données et l’utilisation des contenus pour entraîner des systèmes d’intelligence artificielle sont interdites sans l’accord écrit préalable de l’éditeur.',
    'Selon des experts, les nouvelles règles de l’UE sur l’intelligence artificielle vont changer la façon dont les entreprises utilisent les données pour entraîner leurs modèles.',
  ],
  [
    'ga',
    '© 2026 Sampla Meáin Teo. Gach ceart ar cosaint. Tá mianadóireacht téacs agus sonraí agus úsáid an ábhair chun córais intleachta saorga a oiliúint toirmiscthe gan cead scríofa roimh ré ón bhfoilsitheoir.',
    'Deir saineolaithe go n-athróidh rialacha nua an AE ar intleacht shaorga an bealach a n-úsáideann comhlachtaí sonraí chun a gcuid samhlacha a oiliúint.',
  ],
  [
    'hr',
    '© 2026 Primjer Mediji d.o.o. Sva prava pridržana. Rudarenje teksta i podataka te korištenje sadržaja za treniranje sustava umjetne inteligencije zabranjeni su bez prethodne pisane suglasnosti izdavača.',
    'Prema mišljenju stručnjaka, nova pravila EU-a o umjetnoj inteligenciji promijenit će način na koji tvrtke koriste podatke za treniranje svojih modela.',
  ],
  [
    'hu',
    '© 2026 Példa Média Kft. Minden jog fenntartva. A szöveg- és adatbányászat, valamint a tartalom mesterséges intelligencia tanítására való felhasználása a kiadó előzetes írásos engedélye nélkül tilos.',
    'Szakértők szerint az EU új mesterségesintelligencia-szabályai megváltoztatják, hogyan használják a cégek az adatokat modelljeik tanítására.',
  ],
  [
    'it',
    '© 2026 Esempio Media S.r.l. Tutti i diritti riservati. L’estrazione di testo e di dati e l’uso dei contenuti per addestrare sistemi di intelligenza artificiale sono vietati senza il previo consenso scritto dell’editore.',
    'Secondo gli esperti, le nuove regole dell’UE sull’intelligenza artificiale cambieranno il modo in cui le aziende usano i dati per addestrare i loro modelli.',
  ],
  [
    'ja',
    '© 2026 例示メディア株式会社 無断転載を禁じます。当サイトのコンテンツを、事前の書面による許諾なく、テキストデータマイニングや人工知能の学習に利用することを禁止します。',
    '専門家によると、EUの新しい人工知能の規則は、企業がモデルの学習にデータを使う方法を変えることになるという。',
  ],
  [
    'ko',
    '© 2026 예시미디어. 무단 전재 및 재배포 금지. 본 사이트 콘텐츠를 사전 서면 동의 없이 텍스트 및 데이터 마이닝이나 인공지능 학습에 이용하는 것을 금지합니다.',
    '전문가들은 유럽연합의 새로운 인공지능 규칙이 기업들이 모델 학습에 데이터를 사용하는 방식을 바꿀 것이라고 말했다.',
  ],
  [
    'lt',
    '© 2026 Pavyzdys Media UAB. Visos teisės saugomos. Teksto ir duomenų gavyba bei turinio naudojimas dirbtinio intelekto sistemoms mokyti draudžiami be išankstinio rašytinio leidėjo sutikimo.',
    'Ekspertų teigimu, naujos ES dirbtinio intelekto taisyklės pakeis tai, kaip įmonės naudoja duomenis savo modeliams mokyti.',
  ],
  [
    'lv',
    '© 2026 Piemērs Mediji SIA. Visas tiesības aizsargātas. Teksta un datu izrace un satura izmantošana mākslīgā intelekta sistēmu apmācībai ir aizliegta bez izdevēja iepriekšējas rakstiskas piekrišanas.',
    'Pēc ekspertu domām, jaunie ES mākslīgā intelekta noteikumi mainīs veidu, kā uzņēmumi izmanto datus savu modeļu apmācībai.',
  ],
  [
    'mt',
    '© 2026 Eżempju Media Ltd. Id-drittijiet kollha riżervati. L-estrazzjoni ta’ test u data u l-użu tal-kontenut għat-taħriġ ta’ sistemi ta’ intelliġenza artifiċjali huma pprojbiti mingħajr il-kunsens bil-miktub minn qabel tal-pubblikatur.',
    'Skont l-esperti, ir-regoli l-ġodda tal-UE dwar l-intelliġenza artifiċjali se jbiddlu l-mod kif il-kumpaniji jużaw id-data biex iħarrġu l-mudelli tagħhom.',
  ],
  [
    'nl',
    '© 2026 Voorbeeld Media B.V. Alle rechten voorbehouden. Tekst- en datamining en het gebruik van de inhoud voor het trainen van systemen voor kunstmatige intelligentie zijn niet toegestaan zonder voorafgaande schriftelijke toestemming van de uitgever.',
    'Volgens experts zullen de nieuwe EU-regels voor kunstmatige intelligentie veranderen hoe bedrijven data gebruiken om hun modellen te trainen.',
  ],
  [
    'no',
    '© 2026 Eksempel Medier AS. Alle rettigheter reservert. Tekst- og datautvinning og bruk av innholdet til trening av kunstig intelligens er ikke tillatt uten forhåndsgodkjent skriftlig tillatelse fra utgiveren.',
    'Ifølge eksperter vil EUs nye regler for kunstig intelligens endre hvordan selskaper bruker data til å trene modellene sine.',
  ],
  [
    'pl',
    '© 2026 Przykład Media sp. z o.o. Wszelkie prawa zastrzeżone. Eksploracja tekstów i danych oraz wykorzystywanie treści do trenowania systemów sztucznej inteligencji są zabronione bez uprzedniej pisemnej zgody wydawcy.',
    'Zdaniem ekspertów nowe unijne przepisy o sztucznej inteligencji zmienią sposób, w jaki firmy wykorzystują dane do trenowania swoich modeli.',
  ],
  [
    'pt',
    '© 2026 Exemplo Media, Lda. Todos os direitos reservados. A mineração de textos e dados e a utilização dos conteúdos para treinar sistemas de inteligência artificial são proibidas sem a autorização prévia e por escrito do editor.',
    'Segundo especialistas, as novas regras da UE sobre inteligência artificial vão mudar a forma como as empresas usam dados para treinar os seus modelos.',
  ],
  [
    'ro',
    '© 2026 Exemplu Media SRL. Toate drepturile rezervate. Extragerea de text și date și utilizarea conținutului pentru antrenarea sistemelor de inteligență artificială sunt interzise fără acordul prealabil scris al editorului.',
    'Potrivit experților, noile reguli ale UE privind inteligența artificială vor schimba modul în care companiile folosesc datele pentru antrenarea modelelor lor.',
  ],
  [
    'ru',
    '© 2026 ООО «Пример Медиа». Все права защищены. Интеллектуальный анализ текстов и данных и использование материалов сайта для обучения систем искусственного интеллекта запрещены без предварительного письменного согласия издателя.',
    'По словам экспертов, новые правила ЕС об искусственном интеллекте изменят то, как компании используют данные для обучения своих моделей.',
  ],
  [
    'sk',
    '© 2026 Príklad Média s.r.o. Všetky práva vyhradené. Vyťažovanie textov a dát a použitie obsahu na trénovanie umelej inteligencie je bez predchádzajúceho písomného súhlasu vydavateľa zakázané.',
    'Podľa odborníkov nové pravidlá EÚ pre umelú inteligenciu zmenia spôsob, akým firmy využívajú dáta na trénovanie svojich modelov.',
  ],
  [
    'sl',
    '© 2026 Primer Mediji d.o.o. Vse pravice pridržane. Rudarjenje besedil in podatkov ter uporaba vsebin za učenje sistemov umetne inteligence sta prepovedana brez predhodnega pisnega soglasja izdajatelja.',
    'Po mnenju strokovnjakov bodo nova pravila EU o umetni inteligenci spremenila način, kako podjetja uporabljajo podatke za učenje svojih modelov.',
  ],
  [
    'sv',
    '© 2026 Exempel Media AB. Alla rättigheter förbehållna. Text- och datautvinning och användning av innehållet för att träna system för artificiell intelligens är inte tillåtet utan utgivarens skriftliga medgivande i förväg.',
    'Enligt experter kommer EU:s nya regler om artificiell intelligens att förändra hur företag använder data för att träna sina modeller.',
  ],
  [
    'tr',
    '© 2026 Örnek Medya A.Ş. Tüm hakları saklıdır. Sitedeki içeriklerin metin ve veri madenciliği ile yapay zeka sistemlerinin eğitimi için kullanılması, yayıncının önceden yazılı izni olmadan yasaktır.',
    'Uzmanlara göre AB’nin yapay zekaya ilişkin yeni kuralları, şirketlerin modellerini eğitmek için verileri kullanma biçimini değiştirecek.',
  ],
  [
    'uk',
    '© 2026 ТОВ «Приклад Медіа». Усі права захищені. Інтелектуальний аналіз тексту і даних та використання матеріалів сайту для навчання систем штучного інтелекту заборонені без попередньої письмової згоди видавця.',
    'За словами експертів, нові правила ЄС щодо штучного інтелекту змінять те, як компанії використовують дані для навчання своїх моделей.',
  ],
  [
    'zh',
    '© 2026 示例传媒有限公司 版权所有。未经出版方事先书面许可，禁止对本网站内容进行文本和数据挖掘，禁止将本网站内容用于训练人工智能系统。',
    '专家表示，欧盟新的人工智能规则将改变企业使用数据训练模型的方式。',
  ],
];

describe.each(CASES)('%s', (lang, footer, news) => {
  test('the footer reservation: ai-train and tdm restricted, language named', () => {
    const v = check(footer);
    expect(v.language).toBe(lang);
    expect(['denied', 'conditional']).toContain(v.uses.tdm);
    expect(['denied', 'conditional']).toContain(v.uses['ai-train']);
    expect(v.reservation).toBe(true);
  });
  test('a news sentence about AI and data-mining law is not flagged', () => {
    const v = check(news);
    expect(v.reservation).toBe(false);
  });
});
