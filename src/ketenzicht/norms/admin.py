from django.contrib import admin

from .models import NormSetting


@admin.register(NormSetting)
class NormSettingAdmin(admin.ModelAdmin):
    list_display = ("organisation", "norm_id", "term_value", "term_unit")
    list_filter = ("norm_id",)
