from django.contrib import admin

from .models import NormSetting, NormWeight


@admin.register(NormSetting)
class NormSettingAdmin(admin.ModelAdmin):
    list_display = ("organisation", "norm_id", "term_value", "term_unit")
    list_filter = ("norm_id",)


@admin.register(NormWeight)
class NormWeightAdmin(admin.ModelAdmin):
    list_display = ("organisation", "norm_id", "weight")
    list_filter = ("norm_id",)
