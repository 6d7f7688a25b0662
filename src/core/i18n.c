/* Message catalogue (see i18n.h). Kept sorted by key: lookups bisect. */
#include "core/i18n.h"

#include "core/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct message {
    const char *key, *fr, *ar, *en;
};

static const struct message catalogue[] = {
    {"bad_json", "Le corps de la requête n'est pas un JSON valide.",
     "محتوى الطلب ليس JSON صالحًا.", "The request body is not valid JSON."},
    {"capacity_reached", "Cette formation est complète : toutes les places sont prises.",
     "هذا التكوين مكتمل: جميع المقاعد محجوزة.",
     "This training is full: every place is taken."},
    {"cell_too_long", "Une cellule du fichier est trop longue.",
     "إحدى خانات الملف طويلة جدًا.",
     "A cell of the file is too long."},
    {"conflict", "Cette valeur est déjà utilisée.", "هذه القيمة مستعملة من قبل.",
     "This value is already in use."},
    {"consent_required", "Vous devez accepter le traitement de vos données pour vous inscrire.",
     "يجب أن توافقي على معالجة معطياتك الشخصية لإتمام التسجيل.",
     "You must consent to the processing of your data to register."},
    {"duplicate", "Un enregistrement identique existe déjà.", "يوجد تسجيل مطابق من قبل.",
     "An identical record already exists."},
    {"duplicate_in_file", "Ce CIN figure déjà sur une autre ligne du fichier.",
     "رقم البطاقة الوطنية هذا موجود في سطر آخر من الملف.",
     "This CIN is already on another row of the file."},
    {"duplicate_value", "La liste contient deux fois la même valeur.",
     "القائمة تتضمن القيمة نفسها مرتين.",
     "The list contains the same value twice."},
    {"file_too_large", "Le contenu du fichier est trop volumineux une fois décompressé.",
     "محتوى الملف كبير جدًا بعد فك الضغط.",
     "The file's content is too large once uncompressed."},
    {"forbidden", "Vous n'avez pas le droit de faire cette action.",
     "ليست لديك صلاحية القيام بهذا الإجراء.", "You are not allowed to do this."},
    {"headers_too_large", "Les en-têtes de la requête sont trop volumineux.",
     "ترويسات الطلب كبيرة جدًا.",
     "The request headers are too large."},
    {"import_rejected", "Rien n'a été importé : certaines lignes sont invalides (voir errors).",
     "لم يُستورد أي شيء: بعض الأسطر غير صالحة (انظري errors).",
     "Nothing was imported: some rows are invalid (see errors)."},
    {"invalid_credentials", "Nom d'utilisateur ou mot de passe incorrect.",
     "اسم المستخدم أو كلمة المرور غير صحيحة.", "Wrong username or password."},
    {"invalid_csrf", "Jeton CSRF manquant ou invalide.", "رمز CSRF مفقود أو غير صالح.",
     "Missing or invalid CSRF token."},
    {"invalid_date", "Date invalide : utilisez le format AAAA-MM-JJ et une date qui existe.",
     "تاريخ غير صالح: استعملي الصيغة YYYY-MM-DD وتاريخًا موجودًا.",
     "Invalid date: use YYYY-MM-DD and a date that exists."},
    {"invalid_file", "Le fichier ne peut pas être lu : ce n'est pas un CSV ou un XLSX valide.",
     "تعذّرت قراءة الملف: ليس ملف CSV أو XLSX صالحًا.",
     "The file cannot be read: it is not a valid CSV or XLSX file."},
    {"invalid_format", "Format invalide.", "صيغة غير صالحة.", "Invalid format."},
    {"invalid_parameter", "Paramètre invalide.", "معامل غير صالح.", "Invalid parameter."},
    {"invalid_transition", "Ce changement d'état n'est pas permis.",
     "هذا التغيير في الحالة غير مسموح به.", "This state change is not allowed."},
    {"invalid_type", "Type de valeur invalide.", "نوع القيمة غير صالح.", "Wrong value type."},
    {"invalid_utf8", "Le texte n'est pas en UTF-8 valide.", "النص ليس بترميز UTF-8 صالح.",
     "The text is not valid UTF-8."},
    {"invalid_value", "Valeur non permise.", "قيمة غير مسموح بها.", "Value not allowed."},
    {"method_not_allowed", "Méthode non permise pour cette adresse.",
     "الطريقة غير مسموح بها لهذا العنوان.", "Method not allowed for this address."},
    {"milestone_not_reached", "Un suivi tomberait avant son échéance (6, 12 ou 24 mois après la date de création).",
     "سيقع تتبع قبل موعده (6 أو 12 أو 24 شهرًا بعد تاريخ الإحداث).",
     "A follow-up would fall before its milestone (6, 12 or 24 months after the creation date)."},
    {"min_above_max", "L'âge minimum dépasse l'âge maximum.",
     "السن الأدنى أكبر من السن الأقصى.",
     "The minimum age is above the maximum age."},
    {"missing_column", "Colonne obligatoire absente du fichier.",
     "عمود إلزامي غير موجود في الملف.",
     "A required column is missing from the file."},
    {"not_eligible", "La candidate ne remplit pas une condition d'éligibilité.",
     "المترشحة لا تستوفي أحد شروط الأهلية.", "The applicant does not meet an eligibility rule."},
    {"not_eligible.age_max", "Vous dépassez l'âge maximum de ce programme.",
     "تجاوزتِ السن الأقصى لهذا البرنامج.",
     "You are above this programme's maximum age."},
    {"not_eligible.age_min", "Vous n'avez pas l'âge minimum requis par ce programme.",
     "لم تبلغي السن الأدنى المطلوب في هذا البرنامج.",
     "You are below this programme's minimum age."},
    {"not_eligible.regions", "Ce programme n'est pas ouvert dans votre région.",
     "هذا البرنامج غير مفتوح في جهتك.",
     "This programme is not open in your region."},
    {"not_eligible.required_fields", "Ce programme demande un champ que vous n'avez pas rempli.",
     "يتطلب هذا البرنامج خانة لم تملئيها.",
     "This programme needs a field you left empty."},
    {"not_eligible.sexes", "Ce programme n'est pas ouvert aux personnes de votre sexe.",
     "هذا البرنامج غير مفتوح لجنسك.",
     "This programme is not open to applicants of your sex."},
    {"not_enrolled", "Cette bénéficiaire n'est pas inscrite à cette formation.",
     "هذه المستفيدة غير مسجلة في هذا التكوين.",
     "This beneficiary is not enrolled in this training."},
    {"not_found", "Ressource introuvable.", "المورد غير موجود.", "Resource not found."},
    {"not_in_program", "Cette candidature relève d'un autre programme que celui de la formation.",
     "هذا الطلب تابع لبرنامج آخر غير برنامج التكوين.",
     "This application belongs to another programme than the training's."},
    {"out_of_range", "Valeur hors des limites permises.",
     "القيمة خارج الحدود المسموح بها.",
     "Value outside the allowed range."},
    {"out_of_scope", "Cette région est hors de votre périmètre.",
     "هذه الجهة خارج نطاق صلاحياتك.",
     "This region is outside your scope."},
    {"payload_too_large", "Le corps de la requête est trop volumineux.",
     "محتوى الطلب كبير جدًا.", "The request body is too large."},
    {"province_not_in_region", "Cette province n'appartient pas à la région choisie.",
     "هذا الإقليم لا ينتمي إلى الجهة المختارة.",
     "This province is not in the chosen region."},
    {"rate_limited", "Trop de requêtes. Réessayez plus tard.",
     "طلبات كثيرة جدًا. حاولي لاحقًا.", "Too many requests. Try again later."},
    {"registration_closed", "Les inscriptions à ce programme sont fermées.",
     "التسجيل في هذا البرنامج مغلق.",
     "Registration to this programme is closed."},
    {"required", "Ce champ est obligatoire.", "هذا الحقل إلزامي.", "This field is required."},
    {"reserved", "Ce nom est réservé : il désigne une action du système, pas un compte.",
     "هذا الاسم محجوز: يدل على عملية للنظام، لا على حساب.",
     "This name is reserved: it stands for an action of the system, not an account."},
    {"service_unavailable", "Service momentanément indisponible.",
     "الخدمة غير متوفرة مؤقتًا.", "Service temporarily unavailable."},
    {"too_long", "Valeur trop longue.", "القيمة طويلة جدًا.", "Value too long."},
    {"too_many", "Trop d'éléments : précisez les filtres.",
     "عدد العناصر كبير جدًا: حدّدي عوامل التصفية أكثر.",
     "Too many items: narrow the filters."},
    {"too_many_columns", "Le fichier a trop de colonnes.",
     "يتضمن الملف عددًا كبيرًا جدًا من الأعمدة.",
     "The file has too many columns."},
    {"too_many_rows", "Le fichier a trop de lignes pour un seul import (200 000 au plus) : divisez-le.",
     "يتضمن الملف عددًا كبيرًا جدًا من الأسطر لاستيراد واحد (200000 على الأكثر): قسّميه.",
     "The file has too many rows for one import (200,000 at most): split it."},
    {"too_short", "Valeur trop courte.", "القيمة قصيرة جدًا.", "Value too short."},
    {"unauthenticated", "Authentification requise.", "يجب تسجيل الدخول.",
     "Authentication required."},
    {"unknown_column", "Colonne inconnue : utilisez les noms des champs d'inscription.",
     "عمود غير معروف: استعملي أسماء خانات التسجيل.",
     "Unknown column: use the registration field names."},
    {"unknown_field", "Champ inconnu.", "حقل غير معروف.", "Unknown field."},
    {"unnamed_cell", "Cette ligne a une valeur dans une colonne sans en-tête.",
     "يتضمن هذا السطر قيمة في عمود بلا عنوان.",
     "This row has a value in a column without a header."},
    {"unsupported_media_type", "Type de contenu non pris en charge.",
     "نوع المحتوى غير مدعوم.", "Unsupported content type."},
    {"validation_failed", "Certains champs sont invalides.", "بعض الحقول غير صالحة.",
     "Some fields are invalid."},
    {"weak_password", "Le mot de passe doit compter au moins 10 caractères.",
     "يجب أن تتكون كلمة المرور من 10 أحرف على الأقل.",
     "The password must have at least 10 characters."},
    {"wrong_script", "Écriture non acceptée : le nom s'écrit en lettres latines (ou tifinagh) dans les champs en français, en lettres arabes (ou tifinagh) dans les champs en arabe.",
     "الكتابة غير مقبولة: يُكتب الاسم بالحروف اللاتينية (أو تيفيناغ) في الخانات بالفرنسية، وبالحروف العربية (أو تيفيناغ) في الخانات بالعربية.",
     "Wrong script: names go in Latin letters (or Tifinagh) in the French fields, and in Arabic letters (or Tifinagh) in the Arabic fields."},
};

static int compare_key(const void *key, const void *elem)
{
    return strcmp(key, ((const struct message *)elem)->key);
}

const char *i18n_text(enum lang lang, const char *key)
{
    const struct message *m =
        bsearch(key, catalogue, ARRAY_LEN(catalogue), sizeof catalogue[0], compare_key);
    if (!m)
        return key;
    switch (lang) {
    case LANG_AR: return m->ar;
    case LANG_EN: return m->en;
    default: return m->fr;
    }
}

const char *i18n_code(enum lang lang)
{
    return lang == LANG_AR ? "ar" : lang == LANG_EN ? "en" : "fr";
}

/* Accept-Language: "ar-MA,ar;q=0.9,fr;q=0.8". The highest q among supported tags
 * wins; ties go to the earlier tag. */
enum lang i18n_negotiate(const char *header)
{
    enum lang best = LANG_FR;
    double best_q = -1;
    if (!header)
        return best;
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *tag = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ')
            p++;
        size_t taglen = (size_t)(p - tag);
        double q = 1.0;
        while (*p && *p != ',') {
            if (*p == ';') {
                p++;
                while (*p == ' ')
                    p++;
                if (p[0] == 'q' && p[1] == '=')
                    q = strtod(p + 2, NULL);
            } else {
                p++;
            }
        }
        int found = -1;
        if (taglen >= 2 && (taglen == 2 || tag[2] == '-' || tag[2] == '_')) {
            if (strncasecmp(tag, "ar", 2) == 0)
                found = LANG_AR;
            else if (strncasecmp(tag, "fr", 2) == 0)
                found = LANG_FR;
            else if (strncasecmp(tag, "en", 2) == 0)
                found = LANG_EN;
        }
        if (found >= 0 && q > 0 && q > best_q) {
            best = (enum lang)found;
            best_q = q;
        }
    }
    return best;
}
